package io.callproof.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How console pages are sent: one layout with the navigation, a strict Content-Security-Policy (no
 * inline script or style), never cached.
 */
final class ConsoleView {

  private static final Logger log = LoggerFactory.getLogger(ConsoleView.class);

  private ConsoleView() {}

  /**
   * Sends a page.
   *
   * @param session the signed-in session, for the navigation and the CSRF token; {@code null} on
   *     the sign-in page
   * @param script a script under {@code /assets/}, or {@code null}
   */
  static void page(
      RoutingContext ctx,
      int status,
      String title,
      ConsoleSessions.Session session,
      String body,
      String script) {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(Html.escape(title))
        .append(" \u2013 Callproof</title>")
        .append("<link rel=\"stylesheet\" href=\"/assets/console.css\">");
    if (script != null) {
      html.append("<script src=\"/assets/").append(script).append("\" defer></script>");
    }
    html.append("</head><body");
    if (session != null) {
      html.append(" data-csrf=\"").append(Html.escape(session.csrf())).append('"');
    }
    html.append(">");
    if (session != null) {
      html.append(nav(session, Boolean.TRUE.equals(ctx.get(DEMO))));
    }
    html.append("<main><h1>").append(Html.escape(title)).append("</h1>");
    html.append(body).append("</main></body></html>");
    noStore(ctx);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader(
            "Content-Security-Policy",
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        .end(html.toString());
  }

  /** Set on a request's context in demo mode, so the navigation offers the demo's pages. */
  static final String DEMO = "console.demo";

  private static String nav(ConsoleSessions.Session session, boolean demo) {
    return "<header><nav aria-label=\"Console\"><a href=\"/console\">Live calls</a>"
        + " <a href=\"/console/verify\">Verify someone</a>"
        + " <a href=\"/console/events\">Events</a>"
        + (session.admin() ? " <a href=\"/console/admin\">Administration</a>" : "")
        + (demo
            ? " <a href=\"/console/demo/outbox\">Outbox</a>"
                + " <a href=\"/console/demo/phone\">Browser phone</a>"
            : "")
        + "</nav>"
        + "<form method=\"post\" action=\"/console/sign-out\" class=\"signout\">"
        + csrfField(session)
        + "<span class=\"me\">"
        + Html.escape(session.user().name())
        + "</span> <button type=\"submit\">Sign out</button></form></header>";
  }

  /** The hidden field that carries the session's CSRF token in a form. */
  static String csrfField(ConsoleSessions.Session session) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.escape(session.csrf()) + "\">";
  }

  static void redirect(RoutingContext ctx, String to) {
    noStore(ctx);
    ctx.response().setStatusCode(303).putHeader("Location", to).end();
  }

  static void text(RoutingContext ctx, int status, String message) {
    noStore(ctx);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(message + "\n");
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    noStore(ctx);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  /** The answer for anything not the session's tenant's, as if it did not exist. */
  static void notFound(RoutingContext ctx, ConsoleSessions.Session session) {
    page(ctx, 404, "Not found", session, "<p>There is nothing here.</p>", null);
  }

  static void unavailable(RoutingContext ctx, Throwable cause) {
    log.warn("console request {} failed: {}", ctx.request().path(), cause.toString());
    if (!ctx.response().ended()) {
      text(ctx, 503, "Something went wrong; try again in a moment.");
    }
  }

  static void noStore(RoutingContext ctx) {
    ctx.response()
        .putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Content-Type-Options", "nosniff");
  }

  static void asset(RoutingContext ctx, String name, String type) {
    try (InputStream in = ConsoleView.class.getResourceAsStream("/web/" + name)) {
      ctx.response()
          .putHeader("Content-Type", type + "; charset=utf-8")
          .putHeader("Cache-Control", "max-age=300")
          .end(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
