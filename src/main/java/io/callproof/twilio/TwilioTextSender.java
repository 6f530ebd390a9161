package io.callproof.twilio;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import io.callproof.directory.Tenant;
import io.callproof.message.TextSender;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Sends texts through the tenant's own Twilio account with the Messages API. */
public final class TwilioTextSender implements TextSender {

  private final URI apiBase;
  private final Optional<URI> statusCallback;
  private final Cache<String, TwilioRestClient> clients =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).build();

  /**
   * @param apiBase where the REST API is, normally {@code https://api.twilio.com}
   * @param publicUrl the service's public URL, for delivery status callbacks; none without it
   */
  public TwilioTextSender(URI apiBase, Optional<URI> publicUrl) {
    this.apiBase = apiBase;
    this.statusCallback = publicUrl.map(u -> URI.create(u + TwilioWebhooks.MESSAGE_STATUS_PATH));
  }

  @Override
  public String send(Tenant tenant, String to, String body) {
    Tenant.TwilioCredentials account =
        tenant
            .twilio()
            .orElseThrow(
                () ->
                    new IllegalStateException("tenant " + tenant.id() + " has no Twilio account"));
    TwilioRestClient client =
        clients.get(
            account.accountSid() + ":" + account.authToken(),
            k ->
                new TwilioRestClient.Builder(account.accountSid(), account.authToken())
                    .httpClient(new RedirectingHttpClient(apiBase))
                    .build());
    var creator = Message.creator(new PhoneNumber(to), new PhoneNumber(account.from()), body);
    statusCallback.ifPresent(creator::setStatusCallback);
    return creator.create(client).getSid();
  }
}
