package io.callproof.console;

import io.callproof.audit.AuditExport;
import io.callproof.audit.ChainCheck;
import io.callproof.audit.HeadFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail's JSON API, for administrators: {@code GET /api/audit/{tenant}/chain} checks a
 * tenant's chain against its exported head, {@code GET
 * /api/audit/{tenant}/events?from=&to=&format=} exports a time range as JSON or CSV. Until console
 * users sign in, every request must carry the installation's admin token ({@code Authorization:
 * Bearer <token>}), which opens every tenant.
 */
public final class AuditApi {

  private static final Logger log = LoggerFactory.getLogger(AuditApi.class);

  private final Vertx vertx;
  private final Pool pool;
  private final HeadFiles heads;
  private final byte[] token;

  public AuditApi(Vertx vertx, Pool pool, HeadFiles heads, String adminToken) {
    this.vertx = vertx;
    this.pool = pool;
    this.heads = heads;
    this.token = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  /** Adds the API's routes to {@code router}. */
  public void mount(Router router) {
    router.get("/api/audit/:tenant/*").handler(this::authorise);
    router.get("/api/audit/:tenant/chain").handler(this::chain);
    router.get("/api/audit/:tenant/events").handler(this::events);
  }

  private void authorise(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    byte[] given =
        header != null && header.startsWith("Bearer ")
            ? header.substring(7).getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      ctx.response()
          .setStatusCode(401)
          .putHeader("WWW-Authenticate", "Bearer")
          .end("an admin token is needed: Authorization: Bearer <CALLPROOF_ADMIN_TOKEN>\n");
      return;
    }
    ctx.next();
  }

  private void chain(RoutingContext ctx) {
    String tenantId = ctx.pathParam("tenant");
    knownTenant(tenantId)
        .compose(v -> vertx.executeBlocking(() -> heads.read(tenantId)))
        .compose(head -> new ChainCheck(pool).check(tenantId, head))
        .onSuccess(report -> json(ctx, report.toJson().encodePrettily()))
        .onFailure(e -> fail(ctx, tenantId, e));
  }

  private void events(RoutingContext ctx) {
    String tenantId = ctx.pathParam("tenant");
    Instant from;
    Instant to;
    AuditExport.Format format;
    try {
      from = AuditExport.time("from", required(ctx, "from"));
      to = AuditExport.time("to", required(ctx, "to"));
      format =
          AuditExport.Format.named(
              Optional.ofNullable(ctx.queryParams().get("format")).orElse("json"));
    } catch (IllegalArgumentException e) {
      ctx.response().setStatusCode(400).end(e.getMessage() + "\n");
      return;
    }
    knownTenant(tenantId)
        .compose(v -> new AuditExport(pool).export(tenantId, from, to, format))
        .onSuccess(
            body ->
                ctx.response()
                    .putHeader(
                        "Content-Type",
                        format == AuditExport.Format.CSV
                            ? "text/csv; charset=utf-8"
                            : "application/json")
                    .end(body))
        .onFailure(e -> fail(ctx, tenantId, e));
  }

  private static String required(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name + " is missing (expected ?from=2026-11-01&to=2026-11-02&format=json|csv)");
    }
    return value;
  }

  private Future<Void> knownTenant(String tenantId) {
    return pool.preparedQuery("select 1 from tenant where id = $1")
        .execute(Tuple.of(tenantId))
        .compose(
            rows ->
                rows.size() == 1
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(new UnknownTenant()));
  }

  private static void json(RoutingContext ctx, String body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body + "\n");
  }

  private static void fail(RoutingContext ctx, String tenantId, Throwable e) {
    if (e instanceof UnknownTenant) {
      ctx.response().setStatusCode(404).end("no tenant " + tenantId + "\n");
    } else if (e instanceof IllegalArgumentException) {
      ctx.response().setStatusCode(400).end(e.getMessage() + "\n");
    } else {
      log.warn("audit API failed for tenant={}: {}", tenantId, e.toString());
      ctx.response().setStatusCode(503).end("the audit trail cannot be read now\n");
    }
  }

  /** The tenant a request names does not exist. */
  private static final class UnknownTenant extends RuntimeException {
    UnknownTenant() {
      super(null, null, false, false);
    }
  }
}
