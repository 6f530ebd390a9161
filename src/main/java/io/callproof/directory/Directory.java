package io.callproof.directory;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
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

  private final Pool pool;
  private final AsyncLoadingCache<NumberKey, List<Caller>> owners;

  /**
   * @param cacheTtl how long a lookup is reused before the database is asked again
   */
  public Directory(Pool pool, Duration cacheTtl) {
    this.pool = pool;
    this.owners =
        Caffeine.newBuilder()
            .expireAfterWrite(cacheTtl)
            .maximumSize(100_000)
            .buildAsync((key, executor) -> load(key));
  }

  /**
   * Identifies the caller of one tenant's line.
   *
   * @param rawFrom the caller ID exactly as the line reported it
   */
  public Future<Identification> identify(Tenant tenant, String rawFrom) {
    if (PhoneNumbers.isWithheld(rawFrom)) {
      return Future.succeededFuture(Identification.of(Identification.Result.WITHHELD));
    }
    Optional<String> e164 = PhoneNumbers.toE164(rawFrom, tenant.defaultRegion());
    if (e164.isEmpty()) {
      return Future.succeededFuture(Identification.of(Identification.Result.UNKNOWN));
    }
    return Future.fromCompletionStage(owners.get(new NumberKey(tenant.id(), e164.get())))
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

  /** Forgets every cached lookup, after the directory changed. */
  public void invalidateAll() {
    owners.synchronous().invalidateAll();
  }

  private CompletableFuture<List<Caller>> load(NumberKey key) {
    return pool.preparedQuery(
            "select distinct c.id, c.first_name, c.last_name, co.name as company"
                + " from contact_phone p"
                + " join contact c on c.tenant_id = p.tenant_id and c.id = p.contact_id"
                + " join company co on co.tenant_id = c.tenant_id and co.id = c.company_id"
                + " where p.tenant_id = $1 and p.e164 = $2")
        .execute(Tuple.of(key.tenantId(), key.e164()))
        .map(
            rows -> {
              List<Caller> callers = new ArrayList<>();
              for (Row row : rows) {
                callers.add(
                    new Caller(
                        row.getUUID("id"),
                        row.getString("first_name"),
                        row.getString("last_name"),
                        row.getString("company")));
              }
              return List.copyOf(callers);
            })
        .toCompletionStage()
        .toCompletableFuture();
  }
}
