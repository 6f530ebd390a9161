package io.callproof.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callproof.support.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service's HTTP servers, one per event loop on one port, on a real Vert.x. */
class HttpServersTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void listen_severalServersOnAnyFreePort_shareOnePortAndServeOnSeveralEventLoops() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    HttpServers servers =
        Await.result(
            HttpServers.listen(
                vertx,
                request -> {
                  threads.add(Thread.currentThread().getName());
                  request.response().end("ok");
                },
                "127.0.0.1",
                0,
                3));

    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      // A client agent reuses its connections: a fresh agent per request opens a new one each time.
      HttpClientAgent fresh = vertx.createHttpClient();
      answers.add(
          fresh
              .request(HttpMethod.GET, servers.port(), "127.0.0.1", "/")
              .compose(request -> request.send())
              .compose(response -> response.body())
              .map(Object::toString)
              .eventually(fresh::close));
    }
    Await.result(Future.all(answers));

    assertThat(answers).allSatisfy(answer -> assertThat(answer.result()).isEqualTo("ok"));
    assertThat(threads).hasSizeGreaterThan(1);
  }

  @Test
  void listen_onAPortAlreadyTaken_failsAndLeavesNoServerRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {

      Future<HttpServers> listening =
          HttpServers.listen(
              vertx, request -> request.response().end(), "127.0.0.1", taken.getLocalPort(), 3);

      assertThatThrownBy(() -> Await.result(listening))
          .hasMessageContaining("Address already in use");
      assertThat(vertx.deploymentIDs()).isEmpty();
    }
  }
}
