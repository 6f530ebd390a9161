package io.callproof.console;

import io.callproof.audit.AuditTrail;
import io.callproof.audit.HeadFiles;
import io.callproof.crypto.Sealer;
import io.callproof.directory.TenantRegistry;
import io.callproof.verify.VerificationService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The technician console, wired: its pages on the router and its feed of live calls. */
public final class Console {

  private static final Logger log = LoggerFactory.getLogger(Console.class);

  private final Vertx vertx;
  private final CallFeed feed;
  private final long purge;

  private Console(Vertx vertx, CallFeed feed, long purge) {
    this.vertx = vertx;
    this.feed = feed;
    this.purge = purge;
  }

  /**
   * Mounts the console's pages on {@code router} and starts listening for call changes; completes
   * once the listening connection is up.
   *
   * @param listen options of a connection of its own for {@code LISTEN}
   * @param heads where the audit chain's exported heads are, for the chain check
   * @param secureCookies whether cookies are marked Secure (the service is reached over https)
   */
  public static Future<Console> start(
      Vertx vertx,
      Router router,
      Pool pool,
      PgConnectOptions listen,
      TenantRegistry tenants,
      VerificationService verification,
      AuditTrail audit,
      Sealer sealer,
      HeadFiles heads,
      boolean secureCookies,
      Clock clock) {
    CallFeed feed = new CallFeed(vertx, listen);
    ConsoleSessions sessions = new ConsoleSessions(pool, secureCookies, clock);
    new ConsolePages(
            pool,
            tenants,
            new ConsoleUsers(vertx, pool, audit),
            sessions,
            feed,
            new SoftphoneTokens(pool, sealer),
            secureCookies,
            clock)
        .mount(router);
    new VerifyPages(pool, tenants, sessions, new Verifications(pool, verification, audit, clock))
        .mount(router);
    new EventsPage(vertx, pool, tenants, sessions, heads, clock).mount(router);
    return feed.start()
        .map(
            v -> {
              long purge =
                  vertx.setPeriodic(
                      3_600_000,
                      id ->
                          sessions
                              .purge()
                              .onFailure(
                                  e -> log.warn("expired sessions not purged: {}", e.toString())));
              return new Console(vertx, feed, purge);
            });
  }

  /** Stops listening for call changes. */
  public Future<Void> stop() {
    vertx.cancelTimer(purge);
    return feed.stop();
  }
}
