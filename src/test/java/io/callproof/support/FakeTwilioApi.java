package io.callproof.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking Twilio's Messages API (the part the service uses), so that texts go
 * through the real Twilio SDK over HTTP. It checks the account's credentials as Twilio does and
 * answers with the documented message resource.
 */
public final class FakeTwilioApi {

  /**
   * A text the API accepted.
   *
   * @param sid the message sid it returned
   * @param to the {@code To} parameter
   * @param from the {@code From} parameter
   * @param body the {@code Body} parameter
   * @param statusCallback the {@code StatusCallback} parameter, or {@code null}
   */
  public record Sent(String sid, String to, String from, String body, String statusCallback) {}

  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private final String accountSid;
  private final String authToken;
  private HttpServer server;

  public FakeTwilioApi(String accountSid, String authToken) {
    this.accountSid = accountSid;
    this.authToken = authToken;
  }

  /** Listens on a free loopback port. */
  public FakeTwilioApi start(Vertx vertx) {
    Router router = Router.router(vertx);
    router
        .post("/2010-04-01/Accounts/:account/Messages.json")
        .handler(BodyHandler.create())
        .handler(
            ctx -> {
              String expected =
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString(
                              (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
              if (!expected.equals(ctx.request().getHeader("Authorization"))
                  || !accountSid.equals(ctx.pathParam("account"))) {
                ctx.response()
                    .setStatusCode(401)
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("code", 20003)
                            .put("message", "Authenticate")
                            .put("status", 401)
                            .encode());
                return;
              }
              if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ctx.response().setStatusCode(503).end();
                return;
              }
              var form = ctx.request().formAttributes();
              String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
              sent.add(
                  new Sent(
                      sid,
                      form.get("To"),
                      form.get("From"),
                      form.get("Body"),
                      form.get("StatusCallback")));
              ctx.response()
                  .setStatusCode(201)
                  .putHeader("Content-Type", "application/json")
                  .end(resource(sid, form.get("To"), form.get("From"), form.get("Body")).encode());
            });
    server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return this;
  }

  private JsonObject resource(String sid, String to, String from, String body) {
    String now =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
            .withLocale(Locale.US)
            .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
    String uri = "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid;
    return new JsonObject()
        .put("account_sid", accountSid)
        .put("api_version", "2010-04-01")
        .put("body", body)
        .put("date_created", now)
        .put("date_sent", null)
        .put("date_updated", now)
        .put("direction", "outbound-api")
        .put("error_code", null)
        .put("error_message", null)
        .put("from", from)
        .put("messaging_service_sid", null)
        .put("num_media", "0")
        .put("num_segments", "1")
        .put("price", null)
        .put("price_unit", "USD")
        .put("sid", sid)
        .put("status", "queued")
        .put("to", to)
        .put("uri", uri + ".json")
        .put("subresource_uris", new JsonObject().put("media", uri + "/Media.json"));
  }

  /** The base URL to point the service's Twilio API setting at. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Makes the next {@code count} sends fail with 503, as an outage would. */
  public void failNext(int count) {
    failNext.set(count);
  }

  /** Every text accepted so far, oldest first. */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  public void stop() {
    server.close();
  }
}
