package io.callproof.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Twilio's Messages API, where the service under load sends its texts: it
 * answers {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} with basic auth as Twilio
 * documents it (201 and the message resource), and hands each text's code to the simulated caller
 * waiting for it. It keeps no text; it logs nothing about one.
 */
final class MessagesApi implements Texts {

  private static final Pattern CODE = Pattern.compile("\\b([0-9]{6,10})\\b");

  /**
   * Dates as Twilio's API writes them ({@code Thu, 04 Dec 2026 03:11:23 +0000}); the SDK reads no
   * other form, and {@code RFC_1123_DATE_TIME}'s one-digit days and {@code GMT} made it throw and
   * catch an exception for every date of every text.
   */
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

  private final Vertx vertx;
  private final String accountSid;
  private final String expectedAuthorization;
  private final long waitMillis;
  private final Map<String, Promise<Text>> waiting = new ConcurrentHashMap<>();
  private final LongAdder unexpected = new LongAdder();
  private HttpServer server;

  /**
   * @param waitMillis how long a caller waits for a text before the call fails
   */
  private MessagesApi(Vertx vertx, String accountSid, String authToken, long waitMillis) {
    this.vertx = vertx;
    this.accountSid = accountSid;
    this.expectedAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    this.waitMillis = waitMillis;
  }

  /** Listens on a free loopback port. */
  static Future<MessagesApi> start(
      Vertx vertx, String accountSid, String authToken, long waitMillis) {
    MessagesApi api = new MessagesApi(vertx, accountSid, authToken, waitMillis);
    Router router = Router.router(vertx);
    router
        .post("/2010-04-01/Accounts/:account/Messages.json")
        .handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
        .handler(api::create);
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .map(
            server -> {
              api.server = server;
              return api;
            });
  }

  /** Where the service's Twilio API setting must point. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public Future<Text> expect(String mobile) {
    Promise<Text> text = Promise.promise();
    long timer =
        vertx.setTimer(
            waitMillis,
            id -> {
              if (waiting.remove(mobile, text)) {
                text.tryFail(new CallFailure("no text within " + waitMillis / 1000 + " s"));
              }
            });
    waiting.put(mobile, text);
    return text.future().onComplete(r -> vertx.cancelTimer(timer));
  }

  @Override
  public void forget(String mobile) {
    Promise<Text> text = waiting.remove(mobile);
    if (text != null) {
      text.tryFail(new CallFailure("call ended before its text"));
    }
  }

  /** Texts that arrived for no waiting caller, such as a send the service retried. */
  long unexpected() {
    return unexpected.sum();
  }

  Future<Void> stop() {
    return server.close();
  }

  private void create(RoutingContext ctx) {
    if (!expectedAuthorization.equals(ctx.request().getHeader("Authorization"))
        || !accountSid.equals(ctx.pathParam("account"))) {
      JsonObject error =
          new JsonObject()
              .put("code", 20003)
              .put("message", "Authenticate")
              .put("more_info", "https://www.twilio.com/docs/errors/20003")
              .put("status", 401);
      ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json");
      ctx.response().end(error.encode());
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    deliver(form.get("To"), form.get("Body"));
    ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json");
    ctx.response().end(resource(form).encode());
  }

  private void deliver(String to, String body) {
    long now = System.nanoTime();
    Matcher code = CODE.matcher(body == null ? "" : body);
    Promise<Text> text = to == null ? null : waiting.remove(to);
    if (text == null || !code.find()) {
      unexpected.increment();
      return;
    }
    text.tryComplete(new Text(code.group(1), now));
  }

  /** The message resource Twilio's API reference shows for a newly queued message. */
  private JsonObject resource(MultiMap form) {
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    String sid = "SM" + HexFormat.of().formatHex(random);
    String now = RFC_1123.format(ZonedDateTime.now(ZoneOffset.UTC));
    String uri = "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid;
    return new JsonObject()
        .put("account_sid", accountSid)
        .put("api_version", "2010-04-01")
        .put("body", form.get("Body"))
        .put("date_created", now)
        .put("date_sent", null)
        .put("date_updated", now)
        .put("direction", "outbound-api")
        .put("error_code", null)
        .put("error_message", null)
        .put("from", form.get("From"))
        .put("messaging_service_sid", null)
        .put("num_media", "0")
        .put("num_segments", "1")
        .put("price", null)
        .put("price_unit", "USD")
        .put("sid", sid)
        .put("status", "queued")
        .put("to", form.get("To"))
        .put("uri", uri + ".json")
        .put("subresource_uris", new JsonObject().put("media", uri + "/Media.json"));
  }
}
