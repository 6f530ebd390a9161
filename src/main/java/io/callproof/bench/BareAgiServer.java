package io.callproof.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * The FastAGI baseline: a bare Vert.x TCP server that plays the same conversation shape as
 * Callproof's helpdesk flow with constant commands (a prompt after the variables, a {@code GET
 * DATA} for the code, the verified badge after the digits, then the end of the conversation) and
 * does nothing else: no flow, no database, no text. The same {@link AgiPlayer} drives it.
 */
final class BareAgiServer {

  private static final String[] SCRIPT = {
    "STREAM FILE callproof/en-US/greeting-0 \"\"",
    "GET DATA callproof/en-US/ask-code 8000 6",
    "SET VARIABLE CALLPROOF_BADGE \"verified\""
  };

  private final NetServer server;

  private BareAgiServer(NetServer server) {
    this.server = server;
  }

  /** Listens on a free loopback port, on {@code vertx}'s event loops. */
  static Future<BareAgiServer> start(Vertx vertx) {
    return vertx
        .createNetServer()
        .connectHandler(BareAgiServer::converse)
        .listen(0, "127.0.0.1")
        .map(BareAgiServer::new);
  }

  int port() {
    return server.actualPort();
  }

  Future<Void> stop() {
    return server.close();
  }

  /** Waits for the blank line that ends the variables, then sends a command per reply. */
  private static void converse(NetSocket socket) {
    int[] next = {-1};
    socket.handler(
        RecordParser.newDelimited(
            "\n",
            line -> {
              if (next[0] < 0 && line.length() > 0) {
                return;
              }
              next[0]++;
              if (next[0] < SCRIPT.length) {
                socket.write(SCRIPT[next[0]] + "\n");
              } else {
                socket.close();
              }
            }));
  }
}
