package io.callproof.directory;

import io.callproof.crypto.Sealer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tenant of the installation, held in memory and reloaded every few seconds. Kept whole
 * rather than cached per entry: a webhook must be checked against its tenant's token, and answered
 * with the static fallback, even while the database cannot be reached, so the last good copy stays
 * in use when a reload fails.
 */
public final class TenantRegistry {

  private static final Logger log = LoggerFactory.getLogger(TenantRegistry.class);

  private final Pool pool;
  private final Sealer sealer;
  private volatile Map<String, Tenant> byId = Map.of();
  private volatile Map<String, Tenant> byAccountSid = Map.of();

  public TenantRegistry(Pool pool, Sealer sealer) {
    this.pool = pool;
    this.sealer = sealer;
  }

  /** Loads all tenants now; start-up waits for it. */
  public Future<Void> load() {
    return pool.query(
            "select t.id, t.name, t.time_zone, t.default_region, t.twilio_account_sid,"
                + " t.twilio_auth_token, t.twilio_from, t.fallback_number, t.dev_outbox,"
                + " coalesce(jsonb_object_agg(n.e164, n.flow) filter (where n.e164 is not null),"
                + " '{}') as numbers,"
                + " coalesce(jsonb_object_agg(n.e164, n.language) filter (where n.language is not"
                + " null), '{}') as languages"
                + " from tenant t left join phone_number n on n.tenant_id = t.id group by t.id")
        .execute()
        .map(
            rows -> {
              Map<String, Tenant> ids = new HashMap<>();
              Map<String, Tenant> sids = new HashMap<>();
              for (Row row : rows) {
                Tenant tenant = toTenant(row);
                ids.put(tenant.id(), tenant);
                tenant.twilio().ifPresent(t -> sids.put(t.accountSid(), tenant));
              }
              byId = Map.copyOf(ids);
              byAccountSid = Map.copyOf(sids);
              return null;
            });
  }

  /**
   * Reloads every {@code periodMillis} milliseconds, keeping the last copy on failure.
   *
   * @return the timer's id, to cancel it
   */
  public long refreshEvery(Vertx vertx, long periodMillis) {
    return vertx.setPeriodic(
        periodMillis,
        id ->
            load()
                .onFailure(
                    e ->
                        log.warn(
                            "tenant reload failed, keeping the last copy: {}", e.getMessage())));
  }

  private Tenant toTenant(Row row) {
    String id = row.getString("id");
    Optional<Tenant.TwilioCredentials> twilio = Optional.empty();
    String sid = row.getString("twilio_account_sid");
    if (sid != null && row.getBuffer("twilio_auth_token") != null) {
      String token =
          sealer.open(row.getBuffer("twilio_auth_token").getBytes(), twilioTokenContext(id));
      twilio = Optional.of(new Tenant.TwilioCredentials(sid, token, row.getString("twilio_from")));
    }
    Map<String, String> numbers = new HashMap<>();
    row.getJsonObject("numbers").forEach(e -> numbers.put(e.getKey(), e.getValue().toString()));
    Map<String, String> languages = new HashMap<>();
    row.getJsonObject("languages").forEach(e -> languages.put(e.getKey(), e.getValue().toString()));
    return new Tenant(
        id,
        row.getString("name"),
        row.getString("time_zone"),
        row.getString("default_region"),
        twilio,
        Optional.ofNullable(row.getString("fallback_number")),
        numbers,
        languages,
        row.getBoolean("dev_outbox"));
  }

  /** The associated data a tenant's Twilio API key secret is sealed with. */
  public static String apiKeySecretContext(String tenantId) {
    return "twilio-api-key-secret:" + tenantId;
  }

  /** The associated data a tenant's Twilio auth token is sealed with. */
  public static String twilioTokenContext(String tenantId) {
    return "twilio-auth-token:" + tenantId;
  }

  /** The tenant whose Twilio account this is. */
  public Optional<Tenant> byAccountSid(String accountSid) {
    return Optional.ofNullable(accountSid).map(byAccountSid::get);
  }

  /** Every tenant, in no particular order. */
  public java.util.Collection<Tenant> all() {
    return byId.values();
  }

  /** The tenant of this id. */
  public Optional<Tenant> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The time zone {@code id}'s pages show times in: its own, or UTC for a tenant this registry does
   * not know.
   */
  public ZoneId zoneOf(String id) {
    return byId(id).map(Tenant::timeZone).map(ZoneId::of).orElse(ZoneId.of("UTC"));
  }
}
