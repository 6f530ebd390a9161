package io.callproof.bench;

import io.callproof.phone.TwilioSigner;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Posts webhooks as Twilio does, without blocking: a form signed with the account's auth token in
 * {@code X-Twilio-Signature}. The asynchronous counterpart of {@link
 * io.callproof.phone.SimulatedTwilio}, sharing its signer, so that one event-loop thread can keep
 * hundreds of calls going.
 */
final class WebhookClient {

  /**
   * A webhook's answer.
   *
   * @param status the HTTP status
   * @param body the answer's text (TwiML for a 200)
   */
  record Reply(int status, String body) {}

  private final HttpClientAgent http;
  private final String base;
  private final String authToken;

  /**
   * @param base the service's URL, such as {@code http://127.0.0.1:8080}, which requests are signed
   *     for
   */
  WebhookClient(HttpClientAgent http, String base, String authToken) {
    this.http = http;
    this.base = base;
    this.authToken = authToken;
  }

  /**
   * Posts a signed form to a path or full URL. The webhook is timed into {@code stats} from the
   * moment it has a connection to the moment its whole answer is read; the wait for a free
   * connection (when every connection is busy) is timed apart.
   */
  Future<Reply> post(String pathOrUrl, Map<String, String> params, PhaseStats stats) {
    String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/x-www-form-urlencoded")
            .add("X-Twilio-Signature", TwilioSigner.sign(authToken, url, params));
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url)
            .setHeaders(headers)
            .setIdleTimeout(30_000);
    Buffer form = Buffer.buffer(encode(params));
    long queuedAt = System.nanoTime();
    return http.request(request)
        .compose(
            req -> {
              long sentAt = System.nanoTime();
              stats.connectionWait(queuedAt, sentAt);
              return req.send(form)
                  .compose(response -> response.body().map(b -> reply(response.statusCode(), b)))
                  .onSuccess(reply -> stats.webhook(sentAt));
            });
  }

  private static Reply reply(int status, Buffer body) {
    return new Reply(status, body.toString());
  }

  private static String encode(Map<String, String> params) {
    StringBuilder form = new StringBuilder(256);
    params.forEach(
        (name, value) -> {
          if (form.length() > 0) {
            form.append('&');
          }
          form.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
    return form.toString();
  }
}
