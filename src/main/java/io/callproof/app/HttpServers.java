package io.callproof.app;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's HTTP servers: one per core, all on the same address, each on its own event loop.
 * Vert.x shares the port among them and hands each new connection to the next, so webhooks are
 * handled on every core rather than on one event loop. Handlers must therefore be safe to run on
 * several threads at once.
 */
public final class HttpServers {

  private static final AtomicInteger RANDOM_PORTS = new AtomicInteger();

  private final Vertx vertx;
  private final List<String> deployments;
  private final int port;

  private HttpServers(Vertx vertx, List<String> deployments, int port) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.port = port;
  }

  /**
   * Listens with {@code count} servers on {@code host:port} (port 0: one free port, shared by all);
   * fails when any of them cannot listen, with none left listening.
   */
  public static Future<HttpServers> listen(
      Vertx vertx, Handler<HttpServerRequest> handler, String host, int port, int count) {
    Queue<HttpServer> servers = new ConcurrentLinkedQueue<>();
    // Vert.x shares a port among the servers that ask for the same one, but gives each server that
    // asks for port 0 a free port of its own; servers asking for the same negative number share
    // one free port. Each call takes its own negative number, so two services in one Vert.x (two
    // nodes in a test) never share a port.
    int asked = port == 0 ? RANDOM_PORTS.decrementAndGet() : port;
    return deploy(vertx, handler, host, asked, count, servers)
        .map(id -> new HttpServers(vertx, List.of(id), servers.peek().actualPort()));
  }

  private static Future<String> deploy(
      Vertx vertx,
      Handler<HttpServerRequest> handler,
      String host,
      int port,
      int instances,
      Queue<HttpServer> servers) {
    return vertx.deployVerticle(
        () -> new Listener(handler, host, port, servers),
        new DeploymentOptions().setInstances(instances));
  }

  /** The port the servers listen on. */
  public int port() {
    return port;
  }

  /** Stops every server. */
  public Future<Void> close() {
    return Future.join(deployments.stream().map(vertx::undeploy).toList()).mapEmpty();
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
