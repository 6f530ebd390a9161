package io.callproof.console;

import io.callproof.verify.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;

/** What the JSON APIs share: the bearer token, the request body, and the shape of every answer. */
final class JsonReplies {

  private static final String BEARER = "Bearer ";

  private JsonReplies() {}

  /**
   * The hash of the API token a request carries ({@code Authorization: Bearer ...}), as the
   * api_token table keeps it; empty when the header is missing or too short to be a token.
   */
  static Optional<byte[]> bearerTokenHash(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.startsWith(BEARER) || header.length() < 20) {
      return Optional.empty();
    }
    return Optional.of(Tokens.hash(header.substring(BEARER.length()).trim()));
  }

  /** The request's body as a JSON object; {@code null} when it is missing or not an object. */
  static JsonObject jsonBody(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The body of a refusal: {@code {"error": message}}. */
  static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }

  /** Answers {@code body} with {@code status}, never to be cached. */
  static void reply(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  /**
   * Answers 503 "try again" for a request that failed on our side (the database, mostly), and logs
   * it on {@code log} as a request of {@code api} ("admin API", "technician API").
   */
  static void fail(RoutingContext ctx, Logger log, String api, Throwable cause) {
    log.warn("{} request {} failed: {}", api, ctx.request().path(), cause.toString());
    reply(ctx, 503, error("try again"));
  }
}
