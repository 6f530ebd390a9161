package io.callproof.route;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Matches a caller to the outbound calls the MSP's technicians placed: to that contact, or to a
 * number registered to them (a company line they share), within a recent window. It answers only
 * about the caller: who called them and when, never whom else a technician called.
 */
public final class RecentCalls {

  /**
   * A call a technician placed to the caller.
   *
   * @param technicianId the technician's ID
   * @param technicianName their name
   * @param placedAt when the call was placed
   * @param zone the time zone of the caller's company, to say the time in
   */
  public record Found(String technicianId, String technicianName, Instant placedAt, ZoneId zone) {}

  /**
   * A technician ID as the directory knows it.
   *
   * @param id the ID
   * @param name their name
   * @param active whether they still work for the MSP
   */
  public record TechnicianId(String id, String name, boolean active) {}

  private static final String LATEST =
      "select o.technician_id, t.name, o.placed_at, co.time_zone from outbound_call o"
          + " join technician t on t.tenant_id = o.tenant_id and t.id = o.technician_id"
          + " join contact c on c.tenant_id = o.tenant_id and c.id = $2"
          + " join company co on co.tenant_id = c.tenant_id and co.id = c.company_id"
          + " where o.tenant_id = $1 and o.placed_at >= $3 and o.status <> 'failed'"
          + " and (o.contact_id = $2 or o.to_number in (select e164 from contact_phone p"
          + " where p.tenant_id = $1 and p.contact_id = $2))";

  private final Duration window;

  /**
   * @param window how far back a call counts as recent
   */
  public RecentCalls(Duration window) {
    this.window = window;
  }

  /** How far back a call counts as recent. */
  public Duration window() {
    return window;
  }

  /** The latest call any technician placed to the contact within the window, if any. */
  public Future<Optional<Found>> latest(
      SqlClient client, String tenantId, UUID contactId, Instant now) {
    return client
        .preparedQuery(LATEST + " order by o.placed_at desc limit 1")
        .execute(Tuple.of(tenantId, contactId, since(now)))
        .map(RecentCalls::found);
  }

  /** The latest call this technician placed to the contact within the window, if any. */
  public Future<Optional<Found>> latestBy(
      SqlClient client, String tenantId, UUID contactId, String technicianId, Instant now) {
    return client
        .preparedQuery(LATEST + " and o.technician_id = $4 order by o.placed_at desc limit 1")
        .execute(Tuple.of(tenantId, contactId, since(now), technicianId))
        .map(RecentCalls::found);
  }

  /** The technician with this ID, current or former; empty for an ID never given out. */
  public Future<Optional<TechnicianId>> technician(SqlClient client, String tenantId, String id) {
    return client
        .preparedQuery("select id, name, active from technician where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row row = rows.iterator().next();
              return Optional.of(
                  new TechnicianId(
                      row.getString("id"), row.getString("name"), row.getBoolean("active")));
            });
  }

  private java.time.OffsetDateTime since(Instant now) {
    return now.minus(window).atOffset(ZoneOffset.UTC);
  }

  private static Optional<Found> found(io.vertx.sqlclient.RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    return Optional.of(
        new Found(
            row.getString("technician_id"),
            row.getString("name"),
            row.getOffsetDateTime("placed_at").toInstant(),
            ZoneId.of(row.getString("time_zone"))));
  }
}
