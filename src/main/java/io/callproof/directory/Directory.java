package io.callproof.directory;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds who owns a calling number. Lookups are cached for a short time: they only name a candidate,
 * and everything that decides a verification (a contact disabled, a lock-out) is read from the
 * database when it is decided.
 */
public final class Directory {

  private record NumberKey(String tenantId, String e164) {}

  /** How long a node reuses a number's owners before asking the database again. */
  public static final Duration CALLER_CACHE = Duration.ofSeconds(30);

  private final AsyncCache<NumberKey, List<Caller>> owners;

  /**
   * @param cacheTtl how long a lookup is reused before the database is asked again
   */
  public Directory(Duration cacheTtl) {
    this.owners =
        Caffeine.newBuilder()
            .expireAfterWrite(cacheTtl)
            .maximumSize(100_000)
            // Expired lookups are dropped when they expire, not at the next lookups: a quiet node
            // gives back the memory a busy hour took.
            .scheduler(Scheduler.systemScheduler())
            .buildAsync();
  }

  /**
   * Identifies the caller of one tenant's line. A lookup the cache lacks is read through {@code
   * client}, the caller's own connection: taking a second connection from the pool while holding
   * one would deadlock the pool when every connection waits the same way.
   *
   * @param rawFrom the caller ID exactly as the line reported it
   */
  public Future<Identification> identify(SqlClient client, Tenant tenant, String rawFrom) {
    if (PhoneNumbers.isWithheld(rawFrom)) {
      return Future.succeededFuture(Identification.of(Identification.Result.WITHHELD));
    }
    Optional<String> e164 = PhoneNumbers.toE164(rawFrom, tenant.defaultRegion());
    if (e164.isEmpty()) {
      return Future.succeededFuture(Identification.of(Identification.Result.UNKNOWN));
    }
    NumberKey key = new NumberKey(tenant.id(), e164.get());
    return Future.fromCompletionStage(owners.get(key, (k, executor) -> load(client, k)))
        .map(Directory::toIdentification);
  }

  private static Identification toIdentification(List<Caller> callers) {
    if (callers.isEmpty()) {
      return Identification.of(Identification.Result.UNKNOWN);
    }
    if (callers.size() > 1) {
      return Identification.of(Identification.Result.SHARED);
    }
    return new Identification(Identification.Result.CONTACT, Optional.of(callers.get(0)));
  }

  /**
   * Finds the contact a caller keyed in: an employee number, or the contact's own registered
   * number. Read from the database, not the cache; only an entry that names exactly one contact
   * identifies.
   *
   * @param entered raw keypad input
   */
  public Future<Identification> identifySelf(SqlClient client, Tenant tenant, String entered) {
    if (entered == null || !entered.matches("[0-9]{1,15}")) {
      return Future.succeededFuture(Identification.of(Identification.Result.UNKNOWN));
    }
    String e164 = PhoneNumbers.toE164(entered, tenant.defaultRegion()).orElse("");
    return client
        .preparedQuery(
            "select c.id, c.first_name, c.last_name, co.name as company, c.authorised_requester,"
                + " c.language from contact c join company co on co.tenant_id = c.tenant_id"
                + " and co.id = c.company_id where c.tenant_id = $1 and (c.employee_id = $2"
                + " or c.id in (select p.contact_id from contact_phone p where p.tenant_id = $1"
                + " and p.e164 = $3))")
        .execute(Tuple.of(tenant.id(), entered, e164))
        .map(
            rows -> {
              List<Caller> callers = callers(rows);
              return callers.size() == 1
                  ? new Identification(Identification.Result.CONTACT, Optional.of(callers.get(0)))
                  : Identification.of(Identification.Result.UNKNOWN);
            });
  }

  private static List<Caller> callers(Iterable<Row> rows) {
    List<Caller> callers = new ArrayList<>();
    for (Row row : rows) {
      callers.add(
          new Caller(
              row.getUUID("id"),
              row.getString("first_name"),
              row.getString("last_name"),
              row.getString("company"),
              row.getBoolean("authorised_requester"),
              row.getString("language")));
    }
    return callers;
  }

  /** Forgets every cached lookup, after the directory changed. */
  public void invalidateAll() {
    owners.synchronous().invalidateAll();
  }

  private static CompletableFuture<List<Caller>> load(SqlClient client, NumberKey key) {
    return client
        .preparedQuery(
            "select distinct c.id, c.first_name, c.last_name, co.name as company,"
                + " c.authorised_requester, c.language"
                + " from contact_phone p"
                + " join contact c on c.tenant_id = p.tenant_id and c.id = p.contact_id"
                + " join company co on co.tenant_id = c.tenant_id and co.id = c.company_id"
                + " where p.tenant_id = $1 and p.e164 = $2")
        .execute(Tuple.of(key.tenantId(), key.e164()))
        .map(
            rows -> {
              List<Caller> callers = callers(rows);
              return List.copyOf(callers);
            })
        .toCompletionStage()
        .toCompletableFuture();
  }
}
