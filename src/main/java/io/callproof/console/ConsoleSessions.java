package io.callproof.console;

import io.callproof.verify.Tokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Console sessions: a random id in an HttpOnly, SameSite=Strict cookie (Secure when the service is
 * reached over https), stored only as its SHA-256, with a CSRF token that every form and
 * state-changing call must send back.
 */
final class ConsoleSessions {

  static final String COOKIE = "callproof_session";

  /** How long a session lasts from sign-in: a working day. */
  static final Duration LIFETIME = Duration.ofHours(12);

  private static final String KEY = "console.session";

  private final Pool pool;
  private final boolean secureCookie;
  private final Clock clock;

  /**
   * @param secureCookie whether the cookie is marked Secure (the public URL is https)
   */
  ConsoleSessions(Pool pool, boolean secureCookie, Clock clock) {
    this.pool = pool;
    this.secureCookie = secureCookie;
    this.clock = clock;
  }

  /**
   * A signed-in session.
   *
   * @param csrf the token forms and scripts must send back ({@code csrf} field or {@code
   *     X-CSRF-Token} header)
   */
  record Session(ConsoleUsers.User user, String csrf) {
    String tenantId() {
      return user.tenantId();
    }

    /** Whether the user may administer the tenant (role {@code admin}). */
    boolean admin() {
      return "admin".equals(user.role());
    }

    /** Who made a change, for the audit trail: the console user's id. */
    String by() {
      return user.id().toString();
    }
  }

  /** Starts a session for {@code user} and sets its cookie on the response. */
  Future<Void> start(RoutingContext ctx, ConsoleUsers.User user) {
    String id = Tokens.newToken();
    Instant now = clock.instant();
    return pool.preparedQuery(
            "insert into console_session (id, tenant_id, user_id, csrf, created_at, expires_at)"
                + " values ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.of(
                Buffer.buffer(Tokens.hash(id)),
                user.tenantId(),
                user.id(),
                Tokens.newToken(),
                now.atOffset(ZoneOffset.UTC),
                now.plus(LIFETIME).atOffset(ZoneOffset.UTC)))
        .map(
            r -> {
              ctx.response().addCookie(cookie(id).setMaxAge(LIFETIME.toSeconds()));
              return null;
            });
  }

  /** Ends the request's session, if any, and clears its cookie. */
  Future<Void> end(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    ctx.response().addCookie(cookie("").setMaxAge(0));
    if (cookie == null) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("delete from console_session where id = $1")
        .execute(Tuple.of(Buffer.buffer(Tokens.hash(cookie.getValue()))))
        .mapEmpty();
  }

  private Cookie cookie(String value) {
    return Cookie.cookie(COOKIE, value)
        .setPath("/console")
        .setHttpOnly(true)
        .setSecure(secureCookie)
        .setSameSite(CookieSameSite.STRICT);
  }

  /** The request's session, looked up once and kept on the context; empty when signed out. */
  Future<Optional<Session>> of(RoutingContext ctx) {
    Optional<Session> known = ctx.get(KEY);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie == null || cookie.getValue().length() != 43) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(
            "select s.csrf, u.tenant_id, u.id, u.email, u.name, u.role, u.technician_id"
                + " from console_session s join console_user u"
                + " on u.tenant_id = s.tenant_id and u.id = s.user_id"
                + " where s.id = $1 and s.expires_at > $2")
        .execute(
            Tuple.of(
                Buffer.buffer(Tokens.hash(cookie.getValue())),
                clock.instant().atOffset(ZoneOffset.UTC)))
        .map(
            rows -> {
              Optional<Session> found =
                  rows.size() == 0
                      ? Optional.empty()
                      : Optional.of(session(rows.iterator().next()));
              ctx.put(KEY, found);
              return found;
            });
  }

  private static Session session(Row row) {
    return new Session(
        new ConsoleUsers.User(
            row.getString("tenant_id"),
            row.getUUID("id"),
            row.getString("email"),
            row.getString("name"),
            row.getString("role"),
            row.getString("technician_id")),
        row.getString("csrf"));
  }

  /** Whether the request carries the session's CSRF token, in a form field or a header. */
  static boolean csrfMatches(RoutingContext ctx, Session session) {
    String sent = ctx.request().getHeader("X-CSRF-Token");
    if (sent == null) {
      sent = ctx.request().getFormAttribute("csrf");
    }
    return sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), session.csrf().getBytes(StandardCharsets.UTF_8));
  }

  /** Removes sessions past their end; returns how many. */
  Future<Integer> purge() {
    return pool.preparedQuery("delete from console_session where expires_at <= $1")
        .execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC)))
        .map(r -> r.rowCount());
  }

  /** Runs {@code work} for a signed-in page request; sends anyone else to the sign-in page. */
  void page(RoutingContext ctx, Consumer<Session> work) {
    of(ctx)
        .onComplete(
            found -> {
              if (found.failed()) {
                ConsoleView.unavailable(ctx, found.cause());
              } else if (found.result().isEmpty()) {
                ConsoleView.redirect(ctx, "/console/sign-in");
              } else {
                work.accept(found.result().get());
              }
            });
  }

  /**
   * Runs {@code work} for a signed-in request that changes something and carries the session's CSRF
   * token; answers 401 without a session and 403 without the token.
   */
  void change(RoutingContext ctx, Consumer<Session> work) {
    data(
        ctx,
        session -> {
          if (csrfMatches(ctx, session)) {
            work.accept(session);
          } else {
            ConsoleView.text(ctx, 403, "This form has expired; reload the page and try again.");
          }
        });
  }

  /**
   * Runs {@code work} for an administrator's page; anyone else signed in is answered 404, as if the
   * page did not exist.
   */
  void adminPage(RoutingContext ctx, Consumer<Session> work) {
    page(
        ctx,
        session -> {
          if (session.admin()) {
            work.accept(session);
          } else {
            ConsoleView.notFound(ctx, session);
          }
        });
  }

  /**
   * Runs {@code work} for an administrator's change carrying the CSRF token: 404 for anyone not an
   * administrator (before the token is looked at), 403 without the token.
   */
  void adminChange(RoutingContext ctx, Consumer<Session> work) {
    data(
        ctx,
        session -> {
          if (!session.admin()) {
            ConsoleView.notFound(ctx, session);
          } else if (!csrfMatches(ctx, session)) {
            ConsoleView.text(ctx, 403, "This form has expired; reload the page and try again.");
          } else {
            work.accept(session);
          }
        });
  }

  /**
   * As {@link #adminChange}, for a change to the record the path's {@code :id} names: an id that is
   * not a UUID gets the not-found page, as a record that does not exist.
   */
  void adminChangeOn(RoutingContext ctx, BiConsumer<Session, UUID> work) {
    adminChange(
        ctx,
        session -> {
          UUID id = Ids.uuid(ctx.pathParam("id"));
          if (id == null) {
            ConsoleView.notFound(ctx, session);
          } else {
            work.accept(session, id);
          }
        });
  }

  /** Runs {@code work} for a signed-in request for data (JSON, a stream); 401 without a session. */
  void data(RoutingContext ctx, Consumer<Session> work) {
    of(ctx)
        .onComplete(
            found -> {
              if (found.failed()) {
                ConsoleView.unavailable(ctx, found.cause());
              } else if (found.result().isEmpty()) {
                ConsoleView.text(ctx, 401, "Sign in first.");
              } else {
                work.accept(found.result().get());
              }
            });
  }
}
