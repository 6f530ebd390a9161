package io.callproof.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes out a tenant's audit events of a time range, with each one's chain position and hash (both
 * empty for an event not sealed yet), oldest first.
 */
public final class AuditExport {

  /** The formats an export can take. */
  public enum Format {
    CSV,
    JSON;

    /**
     * The format named {@code name} ({@code csv} or {@code json}).
     *
     * @throws IllegalArgumentException naming the value and what is expected
     */
    public static Format named(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "format '" + name + "' is not known (expected csv or json)", e);
      }
    }
  }

  private static final HexFormat HEX = HexFormat.of();
  private static final String CSV_HEADER = "position,id,at,kind,call,contact,data,hash\r\n";

  private final Pool pool;

  public AuditExport(Pool pool) {
    this.pool = pool;
  }

  /**
   * Reads a bound of a range: an instant such as {@code 2026-11-02T15:00:00Z}, or a date such as
   * {@code 2026-11-02} meaning its start in UTC.
   *
   * @throws IllegalArgumentException naming the value and what is expected
   */
  public static Instant time(String name, String value) {
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name
              + " '"
              + value
              + "' is not a time (expected a UTC instant such as 2026-11-02T15:00:00Z, or a date"
              + " such as 2026-11-02)",
          e);
    }
  }

  /**
   * Narrows an export to some events; each {@code null} field lets every event through.
   *
   * @param companyId events about a contact of this company
   * @param contactId events about this contact
   * @param callSid events of this call
   * @param kind events of this kind, such as {@code code-sent}
   */
  public record Filter(
      UUID companyId, UUID contactId, String callSid, String kind, String technicianId) {

    /** A filter on everything but the technician. */
    public Filter(UUID companyId, UUID contactId, String callSid, String kind) {
      this(companyId, contactId, callSid, kind, null);
    }

    public static final Filter NONE = new Filter(null, null, null, null);
  }

  /** The events of {@code tenantId} from {@code from} (included) to {@code to} (excluded). */
  public Future<String> export(String tenantId, Instant from, Instant to, Format format) {
    return export(tenantId, from, to, Filter.NONE, format);
  }

  /** The events of {@code tenantId} in the range that pass {@code filter}. */
  public Future<String> export(
      String tenantId, Instant from, Instant to, Filter filter, Format format) {
    return events(tenantId, from, to, filter)
        .map(
            events ->
                format == Format.JSON
                    ? new JsonObject()
                            .put("tenant", tenantId)
                            .put("from", from.toString())
                            .put("to", to.toString())
                            .put("events", events)
                            .encodePrettily()
                        + "\n"
                    : csv(events));
  }

  /**
   * The events of {@code tenantId} in the range that pass {@code filter}, oldest first, each as
   * JSON with {@code position}, {@code id}, {@code at}, {@code kind}, {@code call}, {@code
   * contact}, {@code data} and {@code hash} (position and hash null while unsealed).
   */
  public Future<JsonArray> events(String tenantId, Instant from, Instant to, Filter filter) {
    if (!from.isBefore(to)) {
      return Future.failedFuture(
          new IllegalArgumentException("the range is empty: " + from + " is not before " + to));
    }
    return pool.preparedQuery(
            "select "
                + StoredEvent.COLUMNS
                + ", s.position, s.hash from audit_event e"
                + " left join audit_seal s on s.tenant_id = e.tenant_id and s.event_id = e.id"
                + " where e.tenant_id = $1 and e.at >= $2 and e.at < $3"
                + " and ($4::uuid is null or e.contact_id = $4)"
                + " and ($5::text is null or e.call_sid = $5)"
                + " and ($6::text is null or e.kind = $6)"
                + " and ($7::uuid is null or e.contact_id in (select c.id from contact c"
                + " where c.tenant_id = $1 and c.company_id = $7))"
                + " and ($8::text is null or e.data ->> 'technician' = $8)"
                + " order by e.at, e.id")
        .execute(
            Tuple.of(tenantId, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC))
                .addValue(filter.contactId())
                .addValue(filter.callSid())
                .addValue(filter.kind())
                .addValue(filter.companyId())
                .addValue(filter.technicianId()))
        .map(
            rows -> {
              JsonArray events = new JsonArray();
              for (Row row : rows) {
                events.add(json(row));
              }
              return events;
            });
  }

  private static JsonObject json(Row row) {
    StoredEvent event = StoredEvent.from(row);
    return new JsonObject()
        .put("position", row.getLong("position"))
        .put("id", event.id())
        .put("at", CanonicalEvent.time(event.at()))
        .put("kind", event.kind())
        .put("call", event.callSid())
        .put("contact", event.contactId() == null ? null : event.contactId().toString())
        .put("data", new JsonObject(new TreeMap<>(event.data().getMap())))
        .put(
            "hash",
            row.getBuffer("hash") == null ? null : HEX.formatHex(row.getBuffer("hash").getBytes()));
  }

  private static String csv(JsonArray events) {
    StringBuilder out = new StringBuilder(CSV_HEADER);
    for (int i = 0; i < events.size(); i++) {
      JsonObject e = events.getJsonObject(i);
      String[] cells = {
        text(e.getValue("position")),
        text(e.getValue("id")),
        e.getString("at"),
        e.getString("kind"),
        text(e.getValue("call")),
        text(e.getValue("contact")),
        e.getJsonObject("data").encode(),
        text(e.getValue("hash"))
      };
      for (int c = 0; c < cells.length; c++) {
        out.append(c == 0 ? "" : ",").append(quoted(cells[c]));
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  /** RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled. */
  private static String quoted(String cell) {
    if (cell.indexOf(',') < 0
        && cell.indexOf('"') < 0
        && cell.indexOf('\n') < 0
        && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
