package io.callproof.twilio;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.twilio.http.HttpMethod;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import io.callproof.directory.Tenant;
import io.callproof.directory.TenantRegistry;
import io.callproof.route.OutboundCalls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Places outbound calls through the tenant's own Twilio account with the Calls API. Twilio fetches
 * the call's TwiML from the service's signed outbound webhook once the contact answers, so the
 * service must be reachable at its public URL.
 */
public final class TwilioOutboundCalls implements OutboundCalls {

  private final Vertx vertx;
  private final TenantRegistry tenants;
  private final URI apiBase;
  private final Optional<URI> publicUrl;
  private final Cache<String, TwilioRestClient> clients =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).build();

  /**
   * @param apiBase where the REST API is, normally {@code https://api.twilio.com}
   * @param publicUrl the service's public URL, which Twilio calls for the call's TwiML; without it
   *     no call can be placed
   */
  public TwilioOutboundCalls(
      Vertx vertx, TenantRegistry tenants, URI apiBase, Optional<URI> publicUrl) {
    this.vertx = vertx;
    this.tenants = tenants;
    this.apiBase = apiBase;
    this.publicUrl = publicUrl;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads {@code CALLPROOF_CALL} (the outbound call's id, which the TwiML webhook quotes) and
   * {@code CALLPROOF_CALLER_ID} (the number the contact sees; the account's sending number without
   * it). Answers with the call's CallSid.
   */
  @Override
  public Future<String> place(String tenantId, String to, Map<String, String> variables) {
    Optional<Tenant.TwilioCredentials> account = tenants.byId(tenantId).flatMap(Tenant::twilio);
    if (account.isEmpty()) {
      return Future.failedFuture(
          new IllegalStateException("tenant " + tenantId + " has no Twilio account"));
    }
    if (publicUrl.isEmpty()) {
      return Future.failedFuture(
          new IllegalStateException(
              "CALLPROOF_PUBLIC_URL is not set, so Twilio could not fetch the call's TwiML"));
    }
    String call = variables.get("CALLPROOF_CALL");
    String from = variables.getOrDefault("CALLPROOF_CALLER_ID", account.get().from());
    URI twiml = URI.create(publicUrl.get() + TwilioWebhooks.OUTBOUND_PATH + "?call=" + call);
    URI status =
        URI.create(publicUrl.get() + TwilioWebhooks.OUTBOUND_STATUS_PATH + "?call=" + call);
    TwilioRestClient client = client(account.get());
    return vertx.executeBlocking(
        () ->
            Call.creator(new PhoneNumber(to), new PhoneNumber(from), twiml)
                .setMethod(HttpMethod.POST)
                .setStatusCallback(status)
                .setStatusCallbackMethod(HttpMethod.POST)
                .create(client)
                .getSid(),
        false);
  }

  private TwilioRestClient client(Tenant.TwilioCredentials account) {
    return clients.get(
        account.accountSid() + ":" + account.authToken(),
        k ->
            new TwilioRestClient.Builder(account.accountSid(), account.authToken())
                .httpClient(new RedirectingHttpClient(apiBase))
                .build());
  }
}
