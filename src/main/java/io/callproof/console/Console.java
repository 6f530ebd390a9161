package io.callproof.console;

import io.callproof.audit.AuditTrail;
import io.callproof.audit.HeadFiles;
import io.callproof.crypto.Sealer;
import io.callproof.directory.ContactImport;
import io.callproof.directory.DirectoryAdmin;
import io.callproof.directory.TenantRegistry;
import io.callproof.message.DevOutbox;
import io.callproof.route.OutboundService;
import io.callproof.verify.VerificationService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The technician console, wired: its pages and the administrators' JSON API on the router, the
 * OpenAPI document, and its feed of live calls.
 */
public final class Console {

  private static final Logger log = LoggerFactory.getLogger(Console.class);

  private final Vertx vertx;
  private final CallFeed feed;
  private final long purge;
  private final Router router;

  private Console(Vertx vertx, CallFeed feed, long purge, Router router) {
    this.vertx = vertx;
    this.feed = feed;
    this.purge = purge;
    this.router = router;
  }

  /**
   * What else the console works with.
   *
   * @param outbound places the contact card's verified calls
   * @param flows the names of the loaded flows, which an administrator may give a number
   * @param demoOutbox the development outbox, in demo mode only: with it the outbox page and the
   *     browser phone are served; without it (production) they do not exist
   * @param publicUrl where Twilio reaches the service, which the browser phone signs for
   */
  public record Parts(
      OutboundService outbound,
      Set<String> flows,
      Optional<DevOutbox> demoOutbox,
      Optional<URI> publicUrl) {}

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
      Parts parts,
      Clock clock) {
    CallFeed feed = new CallFeed(vertx, listen);
    ConsoleSessions sessions = new ConsoleSessions(pool, secureCookies, clock);
    ConsoleUsers users = new ConsoleUsers(vertx, pool, audit);
    DirectoryAdmin directory = new DirectoryAdmin(pool, audit);
    ContactImport imports = new ContactImport(audit);
    parts
        .demoOutbox()
        .ifPresent(
            outbox ->
                new DemoPages(vertx, tenants, sessions, outbox, parts.publicUrl()).mount(router));
    new ConsolePages(
            pool,
            tenants,
            users,
            sessions,
            feed,
            new SoftphoneTokens(pool, sealer),
            secureCookies,
            clock)
        .mount(router);
    new VerifyPages(pool, tenants, sessions, new Verifications(pool, verification, audit, clock))
        .mount(router);
    new EventsPage(vertx, pool, tenants, sessions, heads, clock).mount(router);
    new AdminPages(pool, tenants, sessions, directory, users, parts.flows(), clock).mount(router);
    new ImportPages(vertx, pool, tenants, sessions, imports, uploads(), clock).mount(router);
    new ContactCalls(tenants, sessions, parts.outbound()).mount(router);
    new AdminApi(pool, tenants, directory, imports, clock).mount(router);
    router
        .get("/api/openapi.json")
        .handler(ctx -> ConsoleView.asset(ctx, "openapi.json", "application/json"));
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
              return new Console(vertx, feed, purge, router);
            });
  }

  /** Where uploads wait while their request is read; each is deleted when its request ends. */
  private static Path uploads() {
    return Path.of(System.getProperty("java.io.tmpdir"), "callproof-uploads");
  }

  /**
   * The paths of every route the service's router serves, as Vert.x writes them ({@code
   * /api/contacts/:id}), for checking the OpenAPI document against them. Guards that every path
   * under a prefix passes through ({@code /api/audit/:tenant/*}) are not endpoints and are left
   * out.
   */
  public List<String> servedPaths() {
    return router.getRoutes().stream()
        .filter(io.vertx.ext.web.Route::isExactPath)
        .map(io.vertx.ext.web.Route::getPath)
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  /** Stops listening for call changes. */
  public Future<Void> stop() {
    vertx.cancelTimer(purge);
    return feed.stop();
  }
}
