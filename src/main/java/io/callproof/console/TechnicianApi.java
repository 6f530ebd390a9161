package io.callproof.console;

import static io.callproof.console.JsonReplies.error;
import static io.callproof.console.JsonReplies.fail;
import static io.callproof.console.JsonReplies.jsonBody;
import static io.callproof.console.JsonReplies.reply;

import io.callproof.audit.AuditTrail;
import io.callproof.directory.Tenant;
import io.callproof.directory.TenantRegistry;
import io.callproof.route.OutboundService;
import io.callproof.verify.Enrolments;
import io.callproof.verify.Started;
import io.callproof.verify.VerificationService;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The technicians' JSON API for verifying someone outside the phone line's own flow: send a push or
 * a code to a contact, read how the verification stands, check a code the person reads out, and
 * text a contact a link to enrol their phone. Every call needs a technician's API token ({@code
 * Authorization: Bearer ...}) and sees only the technician's own tenant: another tenant's contact
 * or verification is answered 404, as if it did not exist.
 */
public final class TechnicianApi {

  private static final String API = "technician API";

  private static final Logger log = LoggerFactory.getLogger(TechnicianApi.class);

  private final Pool pool;
  private final TenantRegistry tenants;
  private final VerificationService verification;
  private final Enrolments enrolments;
  private final OutboundService outbound;
  private final AuditTrail audit;
  private final Clock clock;
  private final Verifications verifications;

  public TechnicianApi(
      Pool pool,
      TenantRegistry tenants,
      VerificationService verification,
      Enrolments enrolments,
      OutboundService outbound,
      AuditTrail audit,
      Clock clock) {
    this.pool = pool;
    this.tenants = tenants;
    this.verification = verification;
    this.enrolments = enrolments;
    this.outbound = outbound;
    this.audit = audit;
    this.clock = clock;
    this.verifications = new Verifications(pool, verification, audit, clock);
  }

  /** Adds the API's routes to {@code router}. */
  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.post("/api/verifications").handler(body).handler(this::start);
    router.get("/api/verifications/:id").handler(this::status);
    router.post("/api/verifications/:id/code").handler(body).handler(this::checkCode);
    router.post("/api/contacts/:id/enrolment").handler(this::sendEnrolment);
    router.post("/api/calls").handler(body).handler(this::placeCall);
  }

  /** The technician a request's token belongs to. */
  private record Caller(Tenant tenant, String technicianId) {}

  private Future<Optional<Caller>> authenticate(RoutingContext ctx) {
    Optional<byte[]> hash = JsonReplies.bearerTokenHash(ctx);
    if (hash.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(
            "select tenant_id, technician_id from api_token where token = $1"
                + " and revoked_at is null")
        .execute(Tuple.of(Buffer.buffer(hash.get())))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row row = rows.iterator().next();
              return tenants
                  .byId(row.getString("tenant_id"))
                  .map(t -> new Caller(t, row.getString("technician_id")));
            });
  }

  private void withCaller(RoutingContext ctx, Consumer<Caller> work) {
    authenticate(ctx)
        .onComplete(
            found -> {
              if (found.failed()) {
                fail(ctx, log, API, found.cause());
              } else if (found.result().isEmpty()) {
                reply(
                    ctx,
                    401,
                    error(
                        "a technician's API token is required (Authorization:"
                            + " Bearer <token>)"));
              } else {
                work.accept(found.result().get());
              }
            });
  }

  private void start(RoutingContext ctx) {
    withCaller(
        ctx,
        caller -> {
          JsonObject body = jsonBody(ctx);
          UUID contact = Ids.uuid(body == null ? null : body.getValue("contact"));
          String method = body == null ? null : body.getString("method");
          if (contact == null) {
            reply(ctx, 400, error("'contact' must be a contact id"));
            return;
          }
          if (method != null && !io.callproof.verify.Policy.METHODS.contains(method)) {
            reply(
                ctx,
                400,
                error(
                    "'method' must be push, sms or email (or absent for the"
                        + " company's policy)"));
            return;
          }
          verifications
              .start(caller.tenant(), caller.technicianId(), contact, method)
              .onComplete(
                  result -> {
                    if (result.failed()) {
                      fail(ctx, log, API, result.cause());
                    } else if (result.result().isEmpty()) {
                      reply(ctx, 404, error("no such contact"));
                    } else {
                      started(ctx, caller, result.result().get());
                    }
                  });
        });
  }

  private void started(RoutingContext ctx, Caller caller, Started started) {
    if (!started.outcome().sent()) {
      String status =
          switch (started.outcome()) {
            case LOCKED -> "locked";
            case FAILED -> "failed";
            default -> "unavailable";
          };
      reply(ctx, 422, new JsonObject().put("status", status).put("reason", started.reason()));
      return;
    }
    log.info(
        "tenant={} technician {} started verification {} by {}",
        caller.tenant().id(),
        caller.technicianId(),
        started.verificationId(),
        started.outcome().word());
    JsonObject json =
        new JsonObject()
            .put("id", started.verificationId().toString())
            .put("status", "pending")
            .put("method", started.outcome().word());
    if (started.facts().containsKey("matchNumber")) {
      json.put("match_number", started.facts().get("matchNumber"));
    }
    reply(ctx, 201, json);
  }

  private void status(RoutingContext ctx) {
    withCaller(
        ctx,
        caller -> {
          UUID id = Ids.uuid(ctx.pathParam("id"));
          if (id == null) {
            reply(ctx, 404, error("no such verification"));
            return;
          }
          verifications
              .status(caller.tenant().id(), id)
              .onComplete(result -> replyVerification(ctx, result));
        });
  }

  private void checkCode(RoutingContext ctx) {
    withCaller(
        ctx,
        caller -> {
          UUID id = Ids.uuid(ctx.pathParam("id"));
          JsonObject body = jsonBody(ctx);
          Object code = body == null ? null : body.getValue("code");
          if (id == null) {
            reply(ctx, 404, error("no such verification"));
            return;
          }
          if (code == null) {
            reply(ctx, 400, error("'code' is required: the digits the person reads out"));
            return;
          }
          verifications
              .checkCode(caller.tenant().id(), id, code.toString())
              .onComplete(result -> replyVerification(ctx, result));
        });
  }

  private void sendEnrolment(RoutingContext ctx) {
    withCaller(
        ctx,
        caller -> {
          UUID contact = Ids.uuid(ctx.pathParam("id"));
          if (contact == null) {
            reply(ctx, 404, error("no such contact"));
            return;
          }
          Instant now = clock.instant();
          pool.withTransaction(
                  tx ->
                      Verifications.contactExists(tx, caller.tenant().id(), contact)
                          .compose(
                              exists ->
                                  !exists
                                      ? Future.succeededFuture((Enrolments.Sent) null)
                                      : enrolments
                                          .send(
                                              tx,
                                              caller.tenant(),
                                              contact,
                                              caller.technicianId(),
                                              now)
                                          .compose(
                                              sent ->
                                                  audit
                                                      .append(
                                                          tx,
                                                          caller.tenant().id(),
                                                          now,
                                                          sent.events())
                                                      .map(v -> sent))))
              .onComplete(
                  result -> {
                    if (result.failed()) {
                      fail(ctx, log, API, result.cause());
                    } else if (result.result() == null) {
                      reply(ctx, 404, error("no such contact"));
                    } else if (!result.result().sent()) {
                      reply(
                          ctx,
                          422,
                          new JsonObject()
                              .put("sent", false)
                              .put("reason", result.result().reason()));
                    } else {
                      reply(ctx, 202, new JsonObject().put("sent", true));
                    }
                  });
        });
  }

  private static void replyVerification(
      RoutingContext ctx, io.vertx.core.AsyncResult<Optional<JsonObject>> result) {
    if (result.failed()) {
      fail(ctx, log, API, result.cause());
    } else if (result.result().isEmpty()) {
      reply(ctx, 404, error("no such verification"));
    } else {
      reply(ctx, 200, result.result().get());
    }
  }

  /**
   * Calls a contact on their registered number. A number in the request is refused, whatever it is:
   * a call the hotline vouches for must go where the directory says.
   */
  private void placeCall(RoutingContext ctx) {
    withCaller(
        ctx,
        caller -> {
          JsonObject body = jsonBody(ctx);
          if (body != null && (body.containsKey("number") || body.containsKey("to"))) {
            log.warn(
                "tenant={} technician {} asked to call a number given in the request; refused",
                caller.tenant().id(),
                caller.technicianId());
            reply(
                ctx,
                400,
                error(
                    "calls go only to a contact's registered number: send 'contact' alone,"
                        + " without 'number'"));
            return;
          }
          UUID contact = Ids.uuid(body == null ? null : body.getValue("contact"));
          if (contact == null) {
            reply(ctx, 400, error("'contact' must be a contact id"));
            return;
          }
          outbound
              .place(caller.tenant(), caller.technicianId(), contact)
              .onComplete(
                  result -> {
                    if (result.failed()) {
                      fail(ctx, log, API, result.cause());
                      return;
                    }
                    OutboundService.Result placed = result.result();
                    switch (placed.status()) {
                      case PLACED:
                        reply(
                            ctx,
                            201,
                            new JsonObject()
                                .put("id", placed.id().toString())
                                .put("status", "placed"));
                        break;
                      case NOT_FOUND:
                        reply(ctx, 404, error("no such contact"));
                        break;
                      case REFUSED:
                        reply(
                            ctx,
                            422,
                            new JsonObject()
                                .put("status", "refused")
                                .put("reason", placed.reason()));
                        break;
                      default:
                        reply(
                            ctx,
                            502,
                            new JsonObject()
                                .put("id", placed.id().toString())
                                .put("status", "failed")
                                .put("reason", placed.reason()));
                        break;
                    }
                  });
        });
  }
}
