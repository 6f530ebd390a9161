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
 * A local server speaking Twilio's Messages and Calls APIs (the parts the service uses), so that
 * texts and outbound calls go through the real Twilio SDK over HTTP. It checks the account's
 * credentials as Twilio does and answers with the documented message and call resources.
 */
public final class FakeTwilioApi {

  /** Dates as Twilio's API writes them: {@code Thu, 04 Dec 2026 03:11:23 +0000}. */
  private static final java.time.format.DateTimeFormatter TWILIO_DATE =
      java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

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

  /**
   * A call the API was asked to place.
   *
   * @param sid the call sid it returned
   * @param to the {@code To} parameter
   * @param from the {@code From} parameter
   * @param url the {@code Url} parameter (where Twilio fetches the TwiML), or {@code null}
   * @param twiml the {@code Twiml} parameter, or {@code null}
   * @param statusCallback the {@code StatusCallback} parameter, or {@code null}
   */
  public record Placed(
      String sid, String to, String from, String url, String twiml, String statusCallback) {}

  private final List<Placed> calls = new CopyOnWriteArrayList<>();

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
    router
        .post("/2010-04-01/Accounts/:account/Calls.json")
        .handler(BodyHandler.create())
        .handler(
            ctx -> {
              if (!authorised(ctx)) {
                return;
              }
              var form = ctx.request().formAttributes();
              String sid = "CA" + UUID.randomUUID().toString().replace("-", "");
              calls.add(
                  new Placed(
                      sid,
                      form.get("To"),
                      form.get("From"),
                      form.get("Url"),
                      form.get("Twiml"),
                      form.get("StatusCallback")));
              ctx.response()
                  .setStatusCode(201)
                  .putHeader("Content-Type", "application/json")
                  .end(callResource(sid, form.get("To"), form.get("From")).encode());
            });
    server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return this;
  }

  private boolean authorised(io.vertx.ext.web.RoutingContext ctx) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    if (expected.equals(ctx.request().getHeader("Authorization"))
        && accountSid.equals(ctx.pathParam("account"))) {
      return true;
    }
    ctx.response()
        .setStatusCode(401)
        .putHeader("Content-Type", "application/json")
        .end(
            new JsonObject()
                .put("code", 20003)
                .put("message", "Authenticate")
                .put("status", 401)
                .encode());
    return false;
  }

  /** The call resource as the Calls API documents it, for a call just queued. */
  private JsonObject callResource(String sid, String to, String from) {
    String now = TWILIO_DATE.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
    String uri = "/2010-04-01/Accounts/" + accountSid + "/Calls/" + sid;
    return new JsonObject()
        .put("account_sid", accountSid)
        .put("annotation", null)
        .put("answered_by", null)
        .put("api_version", "2010-04-01")
        .put("caller_name", null)
        .put("date_created", now)
        .put("date_updated", now)
        .put("direction", "outbound-api")
        .put("duration", null)
        .put("end_time", null)
        .put("forwarded_from", null)
        .put("from", from)
        .put("from_formatted", from)
        .put("group_sid", null)
        .put("parent_call_sid", null)
        .put("phone_number_sid", null)
        .put("price", null)
        .put("price_unit", "USD")
        .put("sid", sid)
        .put("start_time", null)
        .put("status", "queued")
        .put("to", to)
        .put("to_formatted", to)
        .put("trunk_sid", null)
        .put("uri", uri + ".json")
        .put("queue_time", "0")
        .put(
            "subresource_uris",
            new JsonObject()
                .put("notifications", uri + "/Notifications.json")
                .put("recordings", uri + "/Recordings.json"));
  }

  private JsonObject resource(String sid, String to, String from, String body) {
    String now = TWILIO_DATE.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
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

  /** Every call placed so far, oldest first. */
  public List<Placed> calls() {
    return List.copyOf(calls);
  }

  /** Every text accepted so far, oldest first. */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  public void stop() {
    server.close();
  }
}
