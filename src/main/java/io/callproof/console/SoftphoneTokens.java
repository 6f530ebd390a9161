package io.callproof.console;

import com.twilio.jwt.accesstoken.AccessToken;
import com.twilio.jwt.accesstoken.VoiceGrant;
import io.callproof.crypto.Sealer;
import io.callproof.directory.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Twilio Voice access tokens for technicians' softphones: signed with the tenant's API key, for its
 * TwiML application, in the name of the technician's client identity, so that the {@code <Client>}
 * calls a routed caller makes ring that softphone with their badge parameters.
 */
final class SoftphoneTokens {

  /** How long a token lasts, in seconds; the softphone asks for a new one before then. */
  static final int TTL_SECONDS = 3600;

  private final Pool pool;
  private final Sealer sealer;

  SoftphoneTokens(Pool pool, Sealer sealer) {
    this.pool = pool;
    this.sealer = sealer;
  }

  /**
   * A token for a technician of a tenant.
   *
   * @return the signed JWT, or empty when the technician has no client identity or the tenant no
   *     API key and TwiML application
   */
  Future<Optional<String>> issue(String tenantId, String technicianId) {
    return pool.preparedQuery(
            "select t.id as tenant_id, t.twilio_account_sid, t.twilio_api_key_sid, t.twilio_api_key_secret,"
                + " t.twilio_twiml_app_sid, x.client_identity from tenant t"
                + " join technician x on x.tenant_id = t.id"
                + " where t.id = $1 and x.id = $2")
        .execute(Tuple.of(tenantId, technicianId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : token(rows.iterator().next()));
  }

  private Optional<String> token(Row row) {
    String identity = row.getString("client_identity");
    if (identity == null
        || row.getString("twilio_account_sid") == null
        || row.getString("twilio_api_key_sid") == null
        || row.getBuffer("twilio_api_key_secret") == null
        || row.getString("twilio_twiml_app_sid") == null) {
      return Optional.empty();
    }
    String tenantId = row.getString("tenant_id");
    String secret =
        sealer.open(
            row.getBuffer("twilio_api_key_secret").getBytes(),
            TenantRegistry.apiKeySecretContext(tenantId));
    VoiceGrant grant =
        new VoiceGrant()
            .setIncomingAllow(true)
            .setOutgoingApplicationSid(row.getString("twilio_twiml_app_sid"));
    return Optional.of(
        new AccessToken.Builder(
                row.getString("twilio_account_sid"),
                row.getString("twilio_api_key_sid"),
                secret.getBytes(StandardCharsets.UTF_8))
            .identity(identity)
            .ttl(TTL_SECONDS)
            .grant(grant)
            .build()
            .toJwt());
  }
}
