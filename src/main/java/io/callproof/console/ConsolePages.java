package io.callproof.console;

import io.callproof.directory.TenantRegistry;
import io.callproof.verify.Tokens;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The technician console's core pages: sign-in and sign-out, the live calls (pushed by server-sent
 * events as calls change), a call with its contact card and audit events, presence, and the
 * softphone's access token. Every page reads and changes only the signed-in user's tenant; another
 * tenant's call is answered 404, as if it did not exist.
 */
public final class ConsolePages {

  private static final Logger log = LoggerFactory.getLogger(ConsolePages.class);
  private static final String SIGN_IN_COOKIE = "callproof_sign_in";
  private static final Set<String> PRESENCE = Set.of("available", "busy", "away");
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM h:mm:ss a", Locale.US);

  private final Pool pool;
  private final TenantRegistry tenants;
  private final ConsoleUsers users;
  private final ConsoleSessions sessions;
  private final CallFeed feed;
  private final SoftphoneTokens softphone;
  private final boolean secureCookies;
  private final Clock clock;

  ConsolePages(
      Pool pool,
      TenantRegistry tenants,
      ConsoleUsers users,
      ConsoleSessions sessions,
      CallFeed feed,
      SoftphoneTokens softphone,
      boolean secureCookies,
      Clock clock) {
    this.pool = pool;
    this.tenants = tenants;
    this.users = users;
    this.sessions = sessions;
    this.feed = feed;
    this.softphone = softphone;
    this.secureCookies = secureCookies;
    this.clock = clock;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(8 * 1024);
    router.get("/console/sign-in").handler(this::signInPage);
    router.post("/console/sign-in").handler(body).handler(this::signIn);
    router.post("/console/sign-out").handler(body).handler(this::signOut);
    router.get("/console").handler(this::liveCalls);
    router.get("/console/calls/list").handler(this::callList);
    router.get("/console/calls/stream").handler(this::stream);
    router.get("/console/calls/:sid").handler(this::call);
    router.post("/console/presence").handler(body).handler(this::presence);
    router.get("/console/softphone-token").handler(this::softphoneToken);
    router
        .get("/assets/console.css")
        .handler(ctx -> ConsoleView.asset(ctx, "console.css", "text/css"));
    router
        .get("/assets/console.js")
        .handler(ctx -> ConsoleView.asset(ctx, "console.js", "text/javascript"));
  }

  private void signInPage(RoutingContext ctx) {
    signInForm(ctx, 200, null);
  }

  /**
   * The sign-in form carries a random token that must match a cookie of the same value (SameSite
   * Strict), so that another site cannot sign a browser in to an account of its choosing.
   */
  private void signInForm(RoutingContext ctx, int status, String problem) {
    String token = Tokens.newToken();
    ctx.response()
        .addCookie(
            Cookie.cookie(SIGN_IN_COOKIE, token)
                .setPath("/console/sign-in")
                .setHttpOnly(true)
                .setSecure(secureCookies)
                .setSameSite(CookieSameSite.STRICT));
    String body =
        (problem == null ? "" : "<p class=\"problem\" role=\"alert\">" + problem + "</p>")
            + "<form method=\"post\" action=\"/console/sign-in\" class=\"sign-in\">"
            + "<input type=\"hidden\" name=\"csrf\" value=\""
            + token
            + "\"><label for=\"email\">Email</label>"
            + "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\""
            + " required><label for=\"password\">Password</label>"
            + "<input id=\"password\" name=\"password\" type=\"password\""
            + " autocomplete=\"current-password\" required>"
            + "<button type=\"submit\">Sign in</button></form>";
    ConsoleView.page(ctx, status, "Sign in", null, body, null);
  }

  private void signIn(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SIGN_IN_COOKIE);
    String sent = ctx.request().getFormAttribute("csrf");
    if (cookie == null
        || sent == null
        || !MessageDigest.isEqual(
            cookie.getValue().getBytes(StandardCharsets.UTF_8),
            sent.getBytes(StandardCharsets.UTF_8))) {
      signInForm(ctx, 403, "The sign-in form had expired. Please sign in again.");
      return;
    }
    users
        .signIn(
            ctx.request().getFormAttribute("email"),
            ctx.request().getFormAttribute("password"),
            clock.instant())
        .compose(
            result ->
                result.outcome() == ConsoleUsers.Outcome.SIGNED_IN
                    ? sessions.start(ctx, result.user()).map(v -> result)
                    : Future.succeededFuture(result))
        .onComplete(
            result -> {
              if (result.failed()) {
                ConsoleView.unavailable(ctx, result.cause());
                return;
              }
              switch (result.result().outcome()) {
                case SIGNED_IN -> {
                  log.info(
                      "tenant={} console user {} signed in",
                      result.result().user().tenantId(),
                      result.result().user().id());
                  ConsoleView.redirect(ctx, "/console");
                }
                case LOCKED ->
                    signInForm(
                        ctx,
                        429,
                        "Too many failed sign-ins: this account is locked for "
                            + ConsoleUsers.LOCK_OUT.toMinutes()
                            + " minutes.");
                default -> signInForm(ctx, 401, "That email and password do not match.");
              }
            });
  }

  private void signOut(RoutingContext ctx) {
    sessions.change(
        ctx,
        session ->
            sessions
                .end(ctx)
                .onComplete(
                    done -> {
                      if (done.failed()) {
                        ConsoleView.unavailable(ctx, done.cause());
                      } else {
                        ConsoleView.redirect(ctx, "/console/sign-in");
                      }
                    }));
  }

  private Future<RowSet<Row>> liveRows(String tenantId) {
    return pool.preparedQuery(
            "select "
                + CallCards.COLUMNS
                + " from call where tenant_id = $1 and status <> 'ended'"
                + " order by started_at desc limit 200")
        .execute(Tuple.of(tenantId));
  }

  private String list(RowSet<Row> rows, ZoneId zone) {
    StringBuilder html =
        new StringBuilder("<ul id=\"calls\" class=\"calls\" aria-live=\"polite\">");
    rows.forEach(row -> html.append(CallCards.card(row, zone)));
    html.append("</ul>");
    if (rows.size() == 0) {
      html.append("<p class=\"empty\" id=\"no-calls\">No calls right now.</p>");
    }
    return html.toString();
  }

  private void liveCalls(RoutingContext ctx) {
    sessions.page(
        ctx,
        session ->
            liveRows(session.tenantId())
                .compose(
                    rows ->
                        presenceForm(session)
                            .map(form -> form + list(rows, tenants.zoneOf(session.tenantId()))))
                .onComplete(
                    page -> {
                      if (page.failed()) {
                        ConsoleView.unavailable(ctx, page.cause());
                      } else {
                        ConsoleView.page(
                            ctx, 200, "Live calls", session, page.result(), "console.js");
                      }
                    }));
  }

  private void callList(RoutingContext ctx) {
    sessions.data(
        ctx,
        session ->
            liveRows(session.tenantId())
                .onComplete(
                    rows -> {
                      if (rows.failed()) {
                        ConsoleView.unavailable(ctx, rows.cause());
                      } else {
                        ConsoleView.noStore(ctx);
                        ctx.response()
                            .putHeader("Content-Type", "text/html; charset=utf-8")
                            .end(list(rows.result(), tenants.zoneOf(session.tenantId())));
                      }
                    }));
  }

  private Future<String> presenceForm(ConsoleSessions.Session session) {
    String technician = session.user().technicianId();
    if (technician == null) {
      return Future.succeededFuture("");
    }
    return pool.preparedQuery("select presence from technician where tenant_id = $1 and id = $2")
        .execute(Tuple.of(session.tenantId(), technician))
        .map(
            rows -> {
              String now = rows.size() == 0 ? "away" : rows.iterator().next().getString(0);
              StringBuilder html =
                  new StringBuilder(
                      "<form method=\"post\" action=\"/console/presence\" class=\"presence\">");
              html.append(ConsoleView.csrfField(session))
                  .append("<label for=\"presence\">You are</label> <select id=\"presence\"")
                  .append(" name=\"presence\">");
              for (String p : new String[] {"available", "busy", "away"}) {
                html.append("<option value=\"")
                    .append(p)
                    .append('"')
                    .append(p.equals(now) ? " selected" : "")
                    .append('>')
                    .append(p)
                    .append("</option>");
              }
              html.append("</select> <button type=\"submit\">Set</button>")
                  .append(" <span class=\"note\">Calls ring only technicians who are available.")
                  .append("</span></form>");
              return html.toString();
            });
  }

  private void presence(RoutingContext ctx) {
    sessions.change(
        ctx,
        session -> {
          String wanted = ctx.request().getFormAttribute("presence");
          String technician = session.user().technicianId();
          if (technician == null || wanted == null || !PRESENCE.contains(wanted)) {
            ConsoleView.text(ctx, 400, "Presence must be available, busy or away.");
            return;
          }
          pool.preparedQuery(
                  "update technician set presence = $3, available = ($3 = 'available')"
                      + " where tenant_id = $1 and id = $2")
              .execute(Tuple.of(session.tenantId(), technician, wanted))
              .onComplete(
                  done -> {
                    if (done.failed()) {
                      ConsoleView.unavailable(ctx, done.cause());
                    } else {
                      log.info(
                          "tenant={} technician {} is now {}",
                          session.tenantId(),
                          technician,
                          wanted);
                      ConsoleView.redirect(ctx, "/console");
                    }
                  });
        });
  }

  /**
   * The live calls as server-sent events: an event {@code call} for each change, whose data is
   * {@code {"call": sid, "html": card}} ({@code html} null when the call has ended), and {@code
   * reload} when the list must be fetched again.
   */
  private void stream(RoutingContext ctx) {
    sessions.data(
        ctx,
        session -> {
          HttpServerResponse response = ctx.response();
          ConsoleView.noStore(ctx);
          response
              .setChunked(true)
              .putHeader("Content-Type", "text/event-stream")
              .putHeader("X-Accel-Buffering", "no");
          response.write(": live calls\n\n");
          String tenantId = session.tenantId();
          Runnable stop = feed.listen(tenantId, sid -> push(response, tenantId, sid));
          long heartbeat =
              ctx.vertx().setPeriodic(25_000, id -> response.write(": still here\n\n"));
          response.closeHandler(
              v -> {
                stop.run();
                ctx.vertx().cancelTimer(heartbeat);
              });
        });
  }

  private void push(HttpServerResponse response, String tenantId, String callSid) {
    if (callSid == null) {
      response.write("event: reload\ndata: {}\n\n");
      return;
    }
    pool.preparedQuery(
            "select " + CallCards.COLUMNS + " from call where tenant_id = $1 and call_sid = $2")
        .execute(Tuple.of(tenantId, callSid))
        .onComplete(
            rows -> {
              if (rows.failed()) {
                log.warn(
                    "tenant={} call={} not pushed: {}", tenantId, callSid, rows.cause().toString());
                response.write("event: reload\ndata: {}\n\n");
                return;
              }
              Row row = rows.result().size() == 0 ? null : rows.result().iterator().next();
              boolean live = row != null && !"ended".equals(row.getString("status"));
              JsonObject data =
                  new JsonObject()
                      .put("call", callSid)
                      .put("html", live ? CallCards.card(row, tenants.zoneOf(tenantId)) : null);
              response.write("event: call\ndata: " + data.encode() + "\n\n");
            });
  }

  private void call(RoutingContext ctx) {
    sessions.page(
        ctx,
        session -> {
          String sid = ctx.pathParam("sid");
          ZoneId zone = tenants.zoneOf(session.tenantId());
          pool.preparedQuery(
                  "select "
                      + CallCards.COLUMNS
                      + " from call where tenant_id = $1 and call_sid = $2")
              .execute(Tuple.of(session.tenantId(), sid))
              .compose(
                  rows ->
                      rows.size() == 0
                          ? Future.succeededFuture((String) null)
                          : callDetail(session, rows.iterator().next(), zone))
              .onComplete(
                  page -> {
                    if (page.failed()) {
                      ConsoleView.unavailable(ctx, page.cause());
                    } else if (page.result() == null) {
                      ConsoleView.notFound(ctx, session);
                    } else {
                      ConsoleView.page(ctx, 200, "Call", session, page.result(), null);
                    }
                  });
        });
  }

  private Future<String> callDetail(ConsoleSessions.Session session, Row call, ZoneId zone) {
    String tenantId = session.tenantId();
    StringBuilder html = new StringBuilder("<ul class=\"calls\">");
    html.append(CallCards.card(call, zone)).append("</ul>");
    java.util.UUID contact = call.getUUID("contact_id");
    Future<Void> card =
        contact == null
            ? Future.succeededFuture()
            : ContactCards.card(pool, tenantId, contact)
                .map(
                    c -> {
                      html.append(c == null ? "" : c + ContactCalls.button(session, contact));
                      return null;
                    });
    return card.compose(
        v ->
            pool.preparedQuery(
                    "select at, kind, data from audit_event where tenant_id = $1"
                        + " and call_sid = $2 order by at, id")
                .execute(Tuple.of(tenantId, call.getString("call_sid")))
                .map(
                    events -> {
                      html.append("<h2>Events</h2><ol class=\"events\">");
                      for (Row e : events) {
                        html.append("<li><time>")
                            .append(
                                Html.escape(
                                    WHEN.format(e.getOffsetDateTime("at").atZoneSameInstant(zone))))
                            .append("</time> <strong>")
                            .append(Html.escape(e.getString("kind")))
                            .append("</strong> <span class=\"data\">")
                            .append(Html.escape(data(e.getJsonObject("data"))))
                            .append("</span></li>");
                      }
                      return html.append("</ol>").toString();
                    }));
  }

  /** An event's data as {@code key=value} pairs; events never hold a code or a full number. */
  static String data(JsonObject data) {
    StringBuilder out = new StringBuilder();
    data.fieldNames().stream()
        .sorted()
        .forEach(k -> out.append(k).append('=').append(data.getValue(k)).append(' '));
    return out.toString().trim();
  }

  private void softphoneToken(RoutingContext ctx) {
    sessions.data(
        ctx,
        session -> {
          String technician = session.user().technicianId();
          if (technician == null) {
            ConsoleView.json(ctx, 404, new JsonObject().put("error", "you are not a technician"));
            return;
          }
          softphone
              .issue(session.tenantId(), technician)
              .onComplete(
                  token -> {
                    if (token.failed()) {
                      ConsoleView.unavailable(ctx, token.cause());
                    } else if (token.result().isEmpty()) {
                      ConsoleView.json(
                          ctx,
                          404,
                          new JsonObject()
                              .put(
                                  "error",
                                  "no softphone: the technician needs a client identity and the"
                                      + " tenant an API key and TwiML application"));
                    } else {
                      ConsoleView.json(
                          ctx,
                          200,
                          new JsonObject()
                              .put("token", token.result().get())
                              .put("ttl_seconds", SoftphoneTokens.TTL_SECONDS));
                    }
                  });
        });
  }
}
