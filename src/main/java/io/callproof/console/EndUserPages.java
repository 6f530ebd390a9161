package io.callproof.console;

import io.callproof.audit.AuditTrail;
import io.callproof.directory.PhoneNumbers;
import io.callproof.push.PushSubscription;
import io.callproof.push.VapidKeys;
import io.callproof.verify.ApprovalAnswer;
import io.callproof.verify.CodeCheck;
import io.callproof.verify.Enrolments;
import io.callproof.verify.Tokens;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages an end-user opens on their phone: the approval page of a push approval (who is calling,
 * from where and when; the two-digit number; "this was not me") and the enrolment page that
 * registers the phone for Web Push. A page is opened by the unguessable token in its link; nothing
 * on it is cached, and the link is never sent on to another site.
 */
public final class EndUserPages {

  private static final Logger log = LoggerFactory.getLogger(EndUserPages.class);
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("h:mm a 'on' EEEE d MMMM", Locale.US);

  private final Pool pool;
  private final VerificationService verification;
  private final Enrolments enrolments;
  private final AuditTrail audit;
  private final VapidKeys vapid;
  private final Clock clock;

  public EndUserPages(
      Pool pool,
      VerificationService verification,
      Enrolments enrolments,
      AuditTrail audit,
      VapidKeys vapid,
      Clock clock) {
    this.pool = pool;
    this.verification = verification;
    this.enrolments = enrolments;
    this.audit = audit;
    this.vapid = vapid;
    this.clock = clock;
  }

  /** Adds the pages and their assets to {@code router}. */
  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(8 * 1024);
    router.get("/approve/:token").handler(this::approvalPage);
    router.post("/approve/:token").handler(body).handler(this::answer);
    router.get("/enrol/:token").handler(this::enrolmentPage);
    router.post("/enrol/:token").handler(body).handler(this::enrol);
    router.get("/sw.js").handler(ctx -> asset(ctx, "sw.js", "text/javascript"));
    router.get("/assets/enrol.js").handler(ctx -> asset(ctx, "enrol.js", "text/javascript"));
    router.get("/assets/callproof.css").handler(ctx -> asset(ctx, "callproof.css", "text/css"));
  }

  /** What an approval page shows. */
  private record Request(String msp, String contact, String company, String caller, String when) {}

  private void approvalPage(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    if (!TOKEN.matcher(token).matches()) {
      page(ctx, 404, "Link not valid", closed());
      return;
    }
    load(token)
        .onComplete(
            found -> {
              if (found.failed()) {
                log.warn("approval page failed to load: {}", found.cause().toString());
                page(ctx, 503, "Try again", "<p>Something went wrong. Reload in a moment.</p>");
              } else if (found.result() == null) {
                page(ctx, 404, "Link not valid", closed());
              } else {
                page(ctx, 200, "Is it you calling?", form(found.result(), null));
              }
            });
  }

  private Future<Request> load(String token) {
    return pool.preparedQuery(
            "select t.name as msp, c.first_name, c.last_name, co.name as company,"
                + " co.time_zone, v.caller_number, v.created_at from verification v"
                + " join contact c on c.tenant_id = v.tenant_id and c.id = v.contact_id"
                + " join company co on co.tenant_id = c.tenant_id and co.id = c.company_id"
                + " join tenant t on t.id = v.tenant_id"
                + " where v.approval_token = $1 and v.status = 'pending'"
                + " and v.approval_expires_at > $2")
        .execute(
            Tuple.of(
                Buffer.buffer(Tokens.hash(token)),
                clock.instant().atOffset(java.time.ZoneOffset.UTC)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              String caller = row.getString("caller_number");
              return new Request(
                  row.getString("msp"),
                  row.getString("first_name") + " " + row.getString("last_name"),
                  row.getString("company"),
                  caller == null || "withheld".equals(caller)
                      ? "a withheld number"
                      : "a number ending " + PhoneNumbers.mask(caller).replace("***", ""),
                  TIME.format(
                      row.getOffsetDateTime("created_at")
                          .atZoneSameInstant(ZoneId.of(row.getString("time_zone")))));
            });
  }

  private static String form(Request request, String problem) {
    StringBuilder html = new StringBuilder();
    html.append("<p>Someone has phoned the ")
        .append(Html.escape(request.msp()))
        .append(" helpdesk and asks to be verified as you.</p>")
        .append("<dl class=\"who\"><dt>As</dt><dd>")
        .append(Html.escape(request.contact()))
        .append(", ")
        .append(Html.escape(request.company()))
        .append("</dd><dt>Calling from</dt><dd>")
        .append(Html.escape(request.caller()))
        .append("</dd><dt>When</dt><dd>")
        .append(Html.escape(request.when()))
        .append("</dd></dl>");
    if (problem != null) {
      html.append("<p class=\"result bad\" role=\"alert\">").append(problem).append("</p>");
    }
    html.append("<form method=\"post\">")
        .append("<label for=\"number\">If it is you, type the number the phone line is saying:")
        .append("</label>")
        .append("<input type=\"text\" id=\"number\" name=\"number\" inputmode=\"numeric\"")
        .append(" maxlength=\"2\" autocomplete=\"off\" required>")
        .append("<div><button class=\"approve\" name=\"action\" value=\"approve\">Approve</button>")
        .append("</div></form>")
        .append("<form method=\"post\"><button class=\"deny\" name=\"action\" value=\"deny\">")
        .append("This was not me</button></form>")
        .append("<p class=\"note\">Never approve a call you did not make. The helpdesk will never")
        .append(" ask you for this number.</p>");
    return html.toString();
  }

  private void answer(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    if (!TOKEN.matcher(token).matches()) {
      page(ctx, 404, "Link not valid", closed());
      return;
    }
    String action = ctx.request().getFormAttribute("action");
    String number =
        "deny".equals(action) ? null : String.valueOf(ctx.request().getFormAttribute("number"));
    Instant now = clock.instant();
    pool.withTransaction(
            tx ->
                load(token)
                    .compose(
                        request ->
                            verification
                                .answerApproval(tx, token, number, now)
                                .compose(
                                    answer ->
                                        audit
                                            .append(tx, tenantOf(answer), now, answer.events())
                                            .map(v -> new Answered(request, answer)))))
        .onComplete(
            result -> {
              if (result.failed()) {
                log.warn("approval answer failed: {}", result.cause().toString());
                page(ctx, 503, "Try again", "<p>Something went wrong. Try again.</p>");
                return;
              }
              respond(ctx, result.result());
            });
  }

  private record Answered(Request request, ApprovalAnswer answer) {}

  private static String tenantOf(ApprovalAnswer answer) {
    return answer.tenantId() == null ? "" : answer.tenantId();
  }

  private void respond(RoutingContext ctx, Answered answered) {
    ApprovalAnswer answer = answered.answer();
    if (answer.result() == null || answered.request() == null) {
      page(ctx, 404, "Link not valid", closed());
      return;
    }
    CodeCheck.Result result = answer.result();
    if (result == CodeCheck.Result.VERIFIED) {
      log.info("tenant={} approval {} approved", answer.tenantId(), answer.verificationId());
      page(
          ctx,
          200,
          "Approved",
          "<p class=\"result ok\" role=\"status\">Approved. You are"
              + " verified: go back to your call.</p>");
    } else if (result == CodeCheck.Result.DENIED) {
      log.warn(
          "tenant={} approval {} denied by the contact: possible fraud, reported to the MSP",
          answer.tenantId(),
          answer.verificationId());
      page(
          ctx,
          200,
          "Thank you",
          "<p class=\"result ok\" role=\"status\">Thank you. We have"
              + " told the helpdesk that this was not you. Do not share passwords or codes with"
              + " anyone who calls you.</p>");
    } else if (result == CodeCheck.Result.WRONG) {
      page(
          ctx,
          200,
          "Is it you calling?",
          form(
              answered.request(),
              "That number is not right. Listen to the call and try once" + " more."));
    } else {
      page(
          ctx,
          200,
          "Not approved",
          "<p class=\"result bad\" role=\"alert\">This request is"
              + " closed and was not approved. If you are on the call, a technician will help"
              + " you.</p>");
    }
  }

  private static String closed() {
    return "<p class=\"result bad\" role=\"alert\">This link is not valid any more: the request"
        + " was answered, or it expired.</p>";
  }

  private void enrolmentPage(RoutingContext ctx) {
    String html =
        "<p>Turn on helpdesk approvals for this phone. When you call the helpdesk, you will be"
            + " asked to approve the call here, by typing the number the line says.</p>"
            + "<button id=\"enrol\" class=\"approve\">Turn on approvals</button>"
            + "<p id=\"status\" role=\"status\"></p>"
            + "<p class=\"note\">On an iPhone (iOS 16.4 or later), first add this page to the"
            + " Home Screen (Share, then Add to Home Screen) and open it from there: iPhones"
            + " deliver notifications only to Home Screen web apps.</p>"
            + "<script src=\"/assets/enrol.js\"></script>";
    page(
        ctx,
        TOKEN.matcher(ctx.pathParam("token")).matches() ? 200 : 404,
        "Helpdesk approvals",
        html,
        vapid.publicKeyBase64Url());
  }

  private void enrol(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    PushSubscription subscription;
    try {
      subscription = PushSubscription.fromJson(ctx.body().asJsonObject());
    } catch (RuntimeException e) {
      json(ctx, 400, new JsonObject().put("error", "not a push subscription: " + e.getMessage()));
      return;
    }
    if (!TOKEN.matcher(token).matches()) {
      json(ctx, 404, new JsonObject().put("error", "link not valid"));
      return;
    }
    String label = String.valueOf(ctx.request().getHeader("User-Agent"));
    Instant now = clock.instant();
    pool.withTransaction(
            tx ->
                enrolments
                    .enrol(
                        tx,
                        token,
                        subscription.endpoint(),
                        subscription.p256dh(),
                        subscription.auth(),
                        label.length() > 200 ? label.substring(0, 200) : label,
                        now)
                    .compose(
                        enrolled ->
                            enrolled.tenantId() == null
                                ? Future.succeededFuture(enrolled)
                                : audit
                                    .append(tx, enrolled.tenantId(), now, enrolled.events())
                                    .map(v -> enrolled)))
        .onComplete(
            result -> {
              if (result.failed()) {
                log.warn("enrolment failed: {}", result.cause().toString());
                json(ctx, 503, new JsonObject().put("error", "try again"));
              } else if (result.result().tenantId() == null) {
                json(ctx, 404, new JsonObject().put("error", "link not valid, used or expired"));
              } else {
                log.info(
                    "tenant={} device enrolled for contact {}",
                    result.result().tenantId(),
                    result.result().contactId());
                json(ctx, 201, new JsonObject().put("enrolled", true));
              }
            });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    noStore(ctx);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  private static void page(RoutingContext ctx, int status, String title, String body) {
    page(ctx, status, title, body, null);
  }

  private static void page(
      RoutingContext ctx, int status, String title, String body, String vapidKey) {
    noStore(ctx);
    String html =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>"
            + Html.escape(title)
            + "</title><link rel=\"stylesheet\" href=\"/assets/callproof.css\"></head>"
            + "<body><main"
            + (vapidKey == null ? "" : " data-vapid-key=\"" + Html.escape(vapidKey) + "\"")
            + "><h1>"
            + Html.escape(title)
            + "</h1>"
            + body
            + "</main></body></html>";
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader(
            "Content-Security-Policy",
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        .end(html);
  }

  private static void noStore(RoutingContext ctx) {
    ctx.response()
        .putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Content-Type-Options", "nosniff");
  }

  private static void asset(RoutingContext ctx, String name, String type) {
    ctx.response()
        .putHeader("Content-Type", type + "; charset=utf-8")
        .putHeader("Cache-Control", "max-age=300")
        .end(read(name));
  }

  private static Buffer read(String name) {
    try (InputStream in = EndUserPages.class.getResourceAsStream("/web/" + name)) {
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
