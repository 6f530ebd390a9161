package io.callproof.twilio;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a webhook's URL-encoded form into the routing context. Twilio posts every webhook as {@code
 * application/x-www-form-urlencoded}; the general body handler decodes such forms with Netty's
 * multipart decoder, which throws an exception to mark the end of every body, a visible cost at
 * hundreds of webhooks a second. A body over the limit is refused with 413; a body of another type
 * gives no parameters.
 */
final class FormBody implements Handler<RoutingContext> {

  private static final String PARAMS = FormBody.class.getName();

  private static final String READ = PARAMS + ".read";

  private final int limit;

  /**
   * @param limit the largest body read, in bytes
   */
  FormBody(int limit) {
    this.limit = limit;
  }

  /** The form's parameters, the first value of each; empty when the body was not a form. */
  static Map<String, String> params(RoutingContext ctx) {
    Map<String, String> params = ctx.get(PARAMS);
    return params == null ? Map.of() : params;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.get(READ) != null) {
      // A route before this one read the body already.
      ctx.next();
      return;
    }
    ctx.put(READ, true);
    HttpServerRequest request = ctx.request();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && declaredTooLong(length)) {
      ctx.fail(413);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    request.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          if (body.length() + chunk.length() > limit) {
            refused[0] = true;
            ctx.fail(413);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.exceptionHandler(
        e -> {
          if (!refused[0]) {
            refused[0] = true;
            ctx.fail(e);
          }
        });
    request.endHandler(
        v -> {
          if (refused[0]) {
            return;
          }
          if (isForm(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            ctx.put(PARAMS, decode(body.toString(StandardCharsets.UTF_8)));
          }
          ctx.next();
        });
    request.resume();
  }

  private boolean declaredTooLong(String length) {
    try {
      return Long.parseLong(length.trim()) > limit;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static boolean isForm(String contentType) {
    return contentType != null
        && contentType
            .trim()
            .toLowerCase(java.util.Locale.ROOT)
            .startsWith("application/x-www-form-urlencoded");
  }

  /** Decodes {@code a=1&b=2} as forms are: {@code +} is a space, and only {@code &} separates. */
  static Map<String, String> decode(String form) {
    Map<String, List<String>> decoded =
        QueryStringDecoder.builder()
            .hasPath(false)
            .semicolonIsNormalChar(true)
            .build(form)
            .parameters();
    Map<String, String> params = new HashMap<>();
    decoded.forEach((name, values) -> params.put(name, values.get(0)));
    return params;
  }
}
