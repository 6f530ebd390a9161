package io.callproof.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls a running service's JSON API as a technician's tool would. */
public final class Api {

  /**
   * An answer.
   *
   * @param status HTTP status
   * @param json the body, or an empty object
   */
  public record Reply(int status, JsonObject json) {}

  private final String base;
  private final String token;

  /** HTTP/1.1, as browsers speak to a plain-http server (no h2c upgrade on the first request). */
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * @param token the bearer token, or {@code null} for none
   */
  public Api(int port, String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Reply post(String path, JsonObject body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.encode())));
  }

  public Reply patch(String path, JsonObject body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  /** Posts a raw body, as a browser's script would. */
  public Reply postRaw(String url, String contentType, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : base + url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Reply send(HttpRequest.Builder request) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      JsonObject json =
          body != null && body.startsWith("{") ? new JsonObject(body) : new JsonObject();
      return new Reply(response.statusCode(), json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
