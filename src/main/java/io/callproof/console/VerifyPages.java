package io.callproof.console;

import io.callproof.directory.Tenant;
import io.callproof.directory.TenantRegistry;
import io.callproof.verify.Policy;
import io.callproof.verify.Started;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Verify someone now": find a contact of the tenant by name, number or email, send them a push or
 * a code, and watch the result arrive (the page polls its status) or type the code they read out.
 * The same verifications as the technicians' API, through {@link Verifications}.
 */
final class VerifyPages {

  private static final Logger log = LoggerFactory.getLogger(VerifyPages.class);

  private final Pool pool;
  private final TenantRegistry tenants;
  private final ConsoleSessions sessions;
  private final Verifications verifications;

  VerifyPages(
      Pool pool, TenantRegistry tenants, ConsoleSessions sessions, Verifications verifications) {
    this.pool = pool;
    this.tenants = tenants;
    this.sessions = sessions;
    this.verifications = verifications;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(8 * 1024);
    router.get("/console/verify").handler(this::search);
    router.post("/console/verify").handler(body).handler(this::start);
    router.get("/console/verifications/:id").handler(this::verificationPage);
    router.get("/console/verifications/:id/status").handler(this::status);
    router.post("/console/verifications/:id/code").handler(body).handler(this::code);
    router
        .get("/assets/verify.js")
        .handler(ctx -> ConsoleView.asset(ctx, "verify.js", "text/javascript"));
  }

  private void search(RoutingContext ctx) {
    sessions.page(
        ctx,
        session -> {
          String q = Optional.ofNullable(ctx.request().getParam("q")).orElse("").trim();
          String form =
              "<form method=\"get\" action=\"/console/verify\" role=\"search\">"
                  + "<label for=\"q\">Name, number or email</label> <input id=\"q\" name=\"q\""
                  + " value=\""
                  + Html.escape(q)
                  + "\" minlength=\"2\" required> <button type=\"submit\">Search</button></form>";
          if (q.length() < 2) {
            ConsoleView.page(ctx, 200, "Verify someone", session, form, null);
            return;
          }
          find(session.tenantId(), q)
              .onComplete(
                  rows -> {
                    if (rows.failed()) {
                      ConsoleView.unavailable(ctx, rows.cause());
                    } else {
                      ConsoleView.page(
                          ctx,
                          200,
                          "Verify someone",
                          session,
                          form + results(session, rows.result()),
                          null);
                    }
                  });
        });
  }

  private io.vertx.core.Future<RowSet<Row>> find(String tenantId, String q) {
    String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    String digits = q.replaceAll("[^0-9]", "");
    String number = digits.length() >= 4 ? "%" + digits + "%" : "no number";
    return pool.preparedQuery(
            "select c.id, c.first_name, c.last_name, c.email, co.name as company from contact c"
                + " join company co on co.tenant_id = c.tenant_id and co.id = c.company_id"
                + " where c.tenant_id = $1 and (c.first_name || ' ' || c.last_name ilike $2"
                + " or c.email ilike $2 or exists (select 1 from contact_phone p"
                + " where p.tenant_id = c.tenant_id and p.contact_id = c.id and p.e164 like $3))"
                + " order by c.last_name, c.first_name limit 20")
        .execute(Tuple.of(tenantId, like, number));
  }

  private static String results(ConsoleSessions.Session session, RowSet<Row> rows) {
    if (rows.size() == 0) {
      return "<p class=\"empty\">Nobody matches.</p>";
    }
    StringBuilder html = new StringBuilder("<ul class=\"results\">");
    for (Row row : rows) {
      String id = row.getUUID("id").toString();
      html.append("<li><strong>")
          .append(Html.escape(row.getString("first_name") + " " + row.getString("last_name")))
          .append("</strong>, ")
          .append(Html.escape(row.getString("company")))
          .append(
              row.getString("email") == null
                  ? ""
                  : " \u00b7 " + Html.escape(row.getString("email")))
          .append("<br>");
      for (String[] method :
          new String[][] {
            {"push", "Send a push"}, {"sms", "Text a code"}, {"", "As policy says"}
          }) {
        html.append("<form method=\"post\" action=\"/console/verify\">")
            .append(ConsoleView.csrfField(session))
            .append("<input type=\"hidden\" name=\"contact\" value=\"")
            .append(id)
            .append("\"><input type=\"hidden\" name=\"method\" value=\"")
            .append(method[0])
            .append("\"><button type=\"submit\" data-method=\"")
            .append(method[0].isEmpty() ? "policy" : method[0])
            .append("\">")
            .append(method[1])
            .append("</button></form> ");
      }
      html.append("</li>");
    }
    return html.append("</ul>").toString();
  }

  private void start(RoutingContext ctx) {
    sessions.change(
        ctx,
        session -> {
          UUID contact = Ids.uuid(ctx.request().getFormAttribute("contact"));
          String method = ctx.request().getFormAttribute("method");
          method = method == null || method.isBlank() ? null : method;
          Optional<Tenant> tenant = tenants.byId(session.tenantId());
          if (contact == null || tenant.isEmpty()) {
            ConsoleView.notFound(ctx, session);
            return;
          }
          if (method != null && !Policy.METHODS.contains(method)) {
            ConsoleView.text(ctx, 400, "The method must be push, sms or email.");
            return;
          }
          verifications
              .start(tenant.get(), session.user().technicianId(), contact, method)
              .onComplete(
                  started -> {
                    if (started.failed()) {
                      ConsoleView.unavailable(ctx, started.cause());
                    } else if (started.result().isEmpty()) {
                      ConsoleView.notFound(ctx, session);
                    } else {
                      started(ctx, session, started.result().get());
                    }
                  });
        });
  }

  private void started(RoutingContext ctx, ConsoleSessions.Session session, Started started) {
    if (!started.outcome().sent()) {
      ConsoleView.page(
          ctx,
          422,
          "Not sent",
          session,
          "<p class=\"problem\">Nothing was sent: "
              + Html.escape(started.outcome().word())
              + (started.reason() == null ? "" : " (" + Html.escape(started.reason()) + ")")
              + ".</p><p><a href=\"/console/verify\">Back</a></p>",
          null);
      return;
    }
    log.info(
        "tenant={} console user {} started verification {} by {}",
        session.tenantId(),
        session.user().id(),
        started.verificationId(),
        started.outcome().word());
    ConsoleView.redirect(ctx, "/console/verifications/" + started.verificationId());
  }

  private void verificationPage(RoutingContext ctx) {
    sessions.page(
        ctx,
        session ->
            withVerification(
                ctx,
                session,
                v -> {
                  String id = ctx.pathParam("id");
                  String status = v.getString("status");
                  StringBuilder html = new StringBuilder();
                  html.append("<p>")
                      .append(CallCards.badge(status))
                      .append(" <span class=\"status\" id=\"status\" role=\"status\"")
                      .append(" data-status-url=\"/console/verifications/")
                      .append(Html.escape(id))
                      .append("/status\">")
                      .append(Html.escape(status))
                      .append("</span></p><p>Method: ")
                      .append(Html.escape(v.getString("method")))
                      .append(v.getString("reason") == null ? "" : " \u00b7 reason: ")
                      .append(Html.escape(v.getString("reason")))
                      .append("</p>");
                  if (v.getValue("match_number") != null) {
                    html.append("<p>Ask them to enter <strong>")
                        .append(Html.escape(String.valueOf(v.getValue("match_number"))))
                        .append("</strong> on their phone.</p>");
                  }
                  html.append("<form method=\"post\" action=\"/console/verifications/")
                      .append(Html.escape(id))
                      .append("/code\">")
                      .append(ConsoleView.csrfField(session))
                      .append("<label for=\"code\">Code they read out</label> <input id=\"code\"")
                      .append(" name=\"code\" inputmode=\"numeric\" autocomplete=\"off\">")
                      .append(" <button type=\"submit\">Check</button></form>");
                  ConsoleView.page(ctx, 200, "Verification", session, html.toString(), "verify.js");
                }));
  }

  private void status(RoutingContext ctx) {
    sessions.data(
        ctx,
        session ->
            withVerification(
                ctx,
                session,
                v ->
                    ConsoleView.json(
                        ctx, 200, v.copy().put("badge", CallCards.badge(v.getString("status"))))));
  }

  private void code(RoutingContext ctx) {
    sessions.change(
        ctx,
        session -> {
          UUID id = Ids.uuid(ctx.pathParam("id"));
          String code = Optional.ofNullable(ctx.request().getFormAttribute("code")).orElse("");
          if (id == null) {
            ConsoleView.notFound(ctx, session);
            return;
          }
          verifications
              .checkCode(session.tenantId(), id, code.trim())
              .onComplete(
                  checked -> {
                    if (checked.failed()) {
                      ConsoleView.unavailable(ctx, checked.cause());
                    } else if (checked.result().isEmpty()) {
                      ConsoleView.notFound(ctx, session);
                    } else {
                      ConsoleView.redirect(ctx, "/console/verifications/" + id);
                    }
                  });
        });
  }

  private void withVerification(
      RoutingContext ctx,
      ConsoleSessions.Session session,
      java.util.function.Consumer<JsonObject> work) {
    UUID id = Ids.uuid(ctx.pathParam("id"));
    if (id == null) {
      ConsoleView.notFound(ctx, session);
      return;
    }
    verifications
        .status(session.tenantId(), id)
        .onComplete(
            found -> {
              if (found.failed()) {
                ConsoleView.unavailable(ctx, found.cause());
              } else if (found.result().isEmpty()) {
                ConsoleView.notFound(ctx, session);
              } else {
                work.accept(found.result().get());
              }
            });
  }
}
