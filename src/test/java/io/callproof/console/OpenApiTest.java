package io.callproof.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.support.Api;
import io.callproof.support.Helpdesk;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document the service serves describes every API route its router serves. */
class OpenApiTest {

  private static Helpdesk helpdesk;

  @BeforeAll
  static void start() throws Exception {
    // With the admin token set, the audit API is mounted too and must be described.
    helpdesk = Helpdesk.start(Map.of("CALLPROOF_ADMIN_TOKEN", "a".repeat(40)));
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  /**
   * The document, fetched over HTTP/1.1: the JDK client's default first request asks to upgrade to
   * h2c, and with Vert.x's answer to that it never completes a reply of this size.
   */
  private static JsonObject document() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + helpdesk.service.port() + "/api/openapi.json"))
                    .timeout(java.time.Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    return new JsonObject(answer.body());
  }

  /**
   * A Vert.x path ({@code /api/contacts/:id}) as OpenAPI writes it ({@code /api/contacts/{id}}).
   */
  private static String openApiPath(String vertxPath) {
    return vertxPath.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
  }

  @Test
  void everyApiRouteTheRouterServes_isInTheDocument() throws Exception {
    JsonObject paths = document().getJsonObject("paths");
    List<String> served =
        helpdesk.service.console().servedPaths().stream()
            .filter(p -> p.startsWith("/api/"))
            .map(OpenApiTest::openApiPath)
            .distinct()
            .toList();

    assertThat(served)
        .contains("/api/verifications", "/api/contacts/{id}", "/api/imports/{id}/commit")
        .contains("/api/audit/{tenant}/chain", "/api/openapi.json");
    assertThat(paths.fieldNames()).containsAll(served);
  }

  @Test
  void theDocument_namesNoPathTheRouterDoesNotServe() throws Exception {
    List<String> served =
        helpdesk.service.console().servedPaths().stream().map(OpenApiTest::openApiPath).toList();

    assertThat(document().getJsonObject("paths").fieldNames()).allMatch(served::contains);
    assertThat(document().getString("openapi")).startsWith("3.");
  }

  @Test
  void theDocument_isServedWithoutAToken() {
    Api.Reply reply = new Api(helpdesk.service.port(), null).get("/api/openapi.json");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getJsonObject("info").getString("title")).isEqualTo("Callproof API");
  }
}
