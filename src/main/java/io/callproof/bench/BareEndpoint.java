package io.callproof.bench;

import io.callproof.app.HttpServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The baseline: a bare Vert.x server that answers the same webhooks as Callproof with constant
 * TwiML (a {@code <Gather>} for the incoming call, a verified {@code <Dial>} for the digits, 204
 * for the status callback) after reading the request body, and does nothing else: no signature
 * check, no database, no text. The same generator drives it, so that Callproof's rate can be quoted
 * as a share of what the machine, the JVM and the generator allow.
 */
final class BareEndpoint {

  private final HttpServers servers;
  private final int port;
  private final Buffer gather;
  private final Buffer dial;

  private BareEndpoint(HttpServers servers) {
    this.servers = servers;
    this.port = servers.port();
    String base = "http://127.0.0.1:" + port;
    this.gather =
        Buffer.buffer(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Hello.</Say>"
                + "<Gather action=\""
                + base
                + "/twilio/voice/turn?turn=1\" finishOnKey=\"#\" input=\"dtmf\" method=\"POST\""
                + " numDigits=\"6\" timeout=\"8\"><Say>Enter the code.</Say></Gather></Response>");
    this.dial =
        Buffer.buffer(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Verified.</Say>"
                + "<Dial action=\""
                + base
                + "/twilio/voice/dialled\" answerOnBridge=\"true\" method=\"POST\""
                + " timeout=\"30\"><Client><Identity>tech1</Identity>"
                + "<Parameter name=\"badge\" value=\"verified\"/></Client></Dial></Response>");
  }

  /**
   * Listens on a free loopback port, on {@code vertx}'s event loops: as many servers sharing it as
   * Callproof runs (one per core), so that both spread their requests over the same cores.
   */
  static Future<BareEndpoint> start(Vertx vertx) {
    AtomicReference<BareEndpoint> endpoint = new AtomicReference<>();
    return HttpServers.listen(
            vertx,
            request -> endpoint.get().answer(request),
            "127.0.0.1",
            0,
            Runtime.getRuntime().availableProcessors())
        .map(
            servers -> {
              endpoint.set(new BareEndpoint(servers));
              return endpoint.get();
            });
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  Future<Void> stop() {
    return servers.close();
  }

  private void answer(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              String path = request.path();
              if (path.equals(CallPlayer.STATUS_PATH)) {
                request.response().setStatusCode(204).end();
                return;
              }
              Buffer twiml = path.equals(CallPlayer.VOICE_PATH) ? gather : dial;
              request.response().putHeader("Content-Type", "application/xml").end(twiml);
            });
  }
}
