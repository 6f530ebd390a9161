package io.callproof.app;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The service's HTTP servers: one per core, all on the same address, each on its own event loop.
 * Vert.x shares the port among them and hands each new connection to the next, so webhooks are
 * handled on every core rather than on one event loop. Handlers must therefore be safe to run on
 * several threads at once.
 */
final class HttpServers {

  private final Vertx vertx;
  private final String deployment;
  private final int port;

  private HttpServers(Vertx vertx, String deployment, int port) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.port = port;
  }

  /**
   * Listens with {@code count} servers on {@code host:port} (port 0: one free port, shared by all);
   * fails when any of them cannot listen, with none left listening.
   */
  static Future<HttpServers> listen(
      Vertx vertx, Handler<HttpServerRequest> handler, String host, int port, int count) {
    Queue<HttpServer> servers = new ConcurrentLinkedQueue<>();
    return vertx
        .deployVerticle(
            () -> new Listener(handler, host, port, servers),
            new DeploymentOptions().setInstances(count))
        .map(id -> new HttpServers(vertx, id, servers.peek().actualPort()));
  }

  /** The port the servers listen on. */
  int port() {
    return port;
  }

  /** Stops every server. */
  Future<Void> close() {
    return vertx.undeploy(deployment);
  }

  /** One server, on the event loop of its own deployment instance. */
  private static final class Listener extends VerticleBase {

    private final Handler<HttpServerRequest> handler;
    private final String host;
    private final int port;
    private final Queue<HttpServer> servers;

    Listener(Handler<HttpServerRequest> handler, String host, int port, Queue<HttpServer> servers) {
      this.handler = handler;
      this.host = host;
      this.port = port;
      this.servers = servers;
    }

    @Override
    public Future<?> start() {
      return vertx
          .createHttpServer()
          .requestHandler(handler)
          .listen(port, host)
          .onSuccess(servers::add);
    }
  }
}
