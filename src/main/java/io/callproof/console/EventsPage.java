package io.callproof.console;

import io.callproof.audit.AuditExport;
import io.callproof.audit.ChainCheck;
import io.callproof.audit.ChainReport;
import io.callproof.audit.HeadFiles;
import io.callproof.directory.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/**
 * The tenant's audit trail: events filtered by company, contact, call, kind and days (in the
 * tenant's time zone), exported as CSV with the same filters, and the result of the chain check.
 */
final class EventsPage {

  /** The most events the page lists; the CSV export has them all. */
  static final int SHOWN = 500;

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd h:mm:ss a", Locale.US);

  private final Vertx vertx;
  private final Pool pool;
  private final TenantRegistry tenants;
  private final ConsoleSessions sessions;
  private final HeadFiles heads;
  private final Clock clock;

  EventsPage(
      Vertx vertx,
      Pool pool,
      TenantRegistry tenants,
      ConsoleSessions sessions,
      HeadFiles heads,
      Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.tenants = tenants;
    this.sessions = sessions;
    this.heads = heads;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/console/events").handler(this::page);
    router.get("/console/events.csv").handler(this::csv);
  }

  /** What the filter form asked for, read leniently: a value that is not valid is left out. */
  private record Query(
      LocalDate from, LocalDate to, AuditExport.Filter filter, String company, String contact) {

    Instant start(ZoneId zone) {
      return from.atStartOfDay(zone).toInstant();
    }

    Instant end(ZoneId zone) {
      return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    String asParameters() {
      StringBuilder out = new StringBuilder("?from=").append(from).append("&to=").append(to);
      append(out, "company", company);
      append(out, "contact", contact);
      append(out, "call", filter.callSid());
      append(out, "kind", filter.kind());
      append(out, "technician", filter.technicianId());
      return out.toString();
    }

    private static void append(StringBuilder out, String name, String value) {
      if (value != null) {
        out.append('&')
            .append(name)
            .append('=')
            .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  private Query query(RoutingContext ctx, ZoneId zone) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    LocalDate from = date(ctx.request().getParam("from"), today.minusDays(6));
    LocalDate to = date(ctx.request().getParam("to"), today);
    if (to.isBefore(from)) {
      to = from;
    }
    UUID company = Ids.uuid(ctx.request().getParam("company"));
    UUID contact = Ids.uuid(ctx.request().getParam("contact"));
    String call = blankToNull(ctx.request().getParam("call"));
    String kind = blankToNull(ctx.request().getParam("kind"));
    String technician = blankToNull(ctx.request().getParam("technician"));
    return new Query(
        from,
        to,
        new AuditExport.Filter(company, contact, call, kind, technician),
        company == null ? null : company.toString(),
        contact == null ? null : contact.toString());
  }

  private void page(RoutingContext ctx) {
    sessions.page(
        ctx,
        session -> {
          String tenantId = session.tenantId();
          ZoneId zone = tenants.zoneOf(tenantId);
          Query q = query(ctx, zone);
          Future<JsonArray> events =
              new AuditExport(pool).events(tenantId, q.start(zone), q.end(zone), q.filter());
          Future<ChainReport> chain =
              vertx
                  .executeBlocking(() -> heads.read(tenantId))
                  .compose(head -> new ChainCheck(pool).check(tenantId, head));
          Future<RowSet<Row>> choices = choices(tenantId);
          Future.all(events, chain, choices)
              .onComplete(
                  done -> {
                    if (done.failed()) {
                      ConsoleView.unavailable(ctx, done.cause());
                      return;
                    }
                    String html =
                        chain(chain.result())
                            + form(q, choices.result())
                            + table(events.result(), zone, q);
                    ConsoleView.page(ctx, 200, "Events", session, html, null);
                  });
        });
  }

  private void csv(RoutingContext ctx) {
    sessions.data(
        ctx,
        session -> {
          ZoneId zone = tenants.zoneOf(session.tenantId());
          Query q = query(ctx, zone);
          new AuditExport(pool)
              .export(
                  session.tenantId(),
                  q.start(zone),
                  q.end(zone),
                  q.filter(),
                  AuditExport.Format.CSV)
              .onComplete(
                  csv -> {
                    if (csv.failed()) {
                      ConsoleView.unavailable(ctx, csv.cause());
                      return;
                    }
                    ConsoleView.noStore(ctx);
                    ctx.response()
                        .putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader(
                            "Content-Disposition",
                            "attachment; filename=\""
                                + session.tenantId()
                                + "-events-"
                                + q.from()
                                + "-"
                                + q.to()
                                + ".csv\"")
                        .end(csv.result());
                  });
        });
  }

  /** The tenant's companies and contacts, for the filter's choices. */
  private Future<RowSet<Row>> choices(String tenantId) {
    return pool.preparedQuery(
            "select 'company' as what, id, name as label from company where tenant_id = $1"
                + " union all select 'contact', c.id, c.last_name || ', ' || c.first_name"
                + " || ' (' || co.name || ')' from contact c join company co"
                + " on co.tenant_id = c.tenant_id and co.id = c.company_id"
                + " where c.tenant_id = $1"
                + " union all select 'technician', null, id || ' ' || name from technician"
                + " where tenant_id = $1 order by what, label limit 1000")
        .execute(Tuple.of(tenantId));
  }

  private static String chain(ChainReport report) {
    if (report.intact()) {
      return "<p class=\"chain ok\" id=\"chain\"><span aria-hidden=\"true\">\u2714</span>"
          + " Audit chain intact: "
          + report.length()
          + " events sealed, "
          + report.unsealed()
          + " waiting to be sealed"
          + (report.head().isPresent() ? ", matching the exported head." : " (no exported head).")
          + "</p>";
    }
    ChainReport.BrokenLink broken = report.broken().orElseThrow();
    return "<p class=\"chain problem\" id=\"chain\" role=\"alert\"><span aria-hidden=\"true\">"
        + "\u26A0</span> Audit chain BROKEN at position "
        + broken.position()
        + ": "
        + Html.escape(broken.problem())
        + "</p>";
  }

  private static String form(Query q, RowSet<Row> choices) {
    StringBuilder html = new StringBuilder("<form method=\"get\" class=\"filters\">");
    html.append(field("from", "From", "date", q.from().toString()))
        .append(field("to", "To", "date", q.to().toString()))
        .append(select("company", "Company", "company", q.company(), choices))
        .append(select("contact", "Contact", "contact", q.contact(), choices))
        .append(technicians(q.filter().technicianId(), choices))
        .append(field("call", "Call", "text", q.filter().callSid()))
        .append(field("kind", "Kind", "text", q.filter().kind()))
        .append("<button type=\"submit\">Show</button> <a href=\"/console/events.csv")
        .append(Html.escape(q.asParameters()))
        .append("\" download>Export CSV</a></form>");
    return html.toString();
  }

  private static String field(String name, String label, String type, String value) {
    return "<label for=\""
        + name
        + "\">"
        + label
        + "</label> <input id=\""
        + name
        + "\" name=\""
        + name
        + "\" type=\""
        + type
        + "\" value=\""
        + Html.escape(value)
        + "\"> ";
  }

  private static String select(
      String name, String label, String what, String chosen, RowSet<Row> choices) {
    StringBuilder html = new StringBuilder();
    html.append("<label for=\"")
        .append(name)
        .append("\">")
        .append(label)
        .append("</label> <select id=\"")
        .append(name)
        .append("\" name=\"")
        .append(name)
        .append("\"><option value=\"\">any</option>");
    for (Row row : choices) {
      if (what.equals(row.getString("what"))) {
        String id = row.getUUID("id").toString();
        html.append("<option value=\"")
            .append(id)
            .append('"')
            .append(id.equals(chosen) ? " selected" : "")
            .append('>')
            .append(Html.escape(row.getString("label")))
            .append("</option>");
      }
    }
    return html.append("</select> ").toString();
  }

  /** The technician choice: the technician's ID is the value, "ID Name" the label. */
  private static String technicians(String chosen, RowSet<Row> choices) {
    StringBuilder html =
        new StringBuilder(
            "<label for=\"technician\">Technician</label> <select id=\"technician\""
                + " name=\"technician\"><option value=\"\">any</option>");
    for (Row row : choices) {
      if ("technician".equals(row.getString("what"))) {
        String label = row.getString("label");
        String id = label.substring(0, label.indexOf(' '));
        html.append("<option value=\"")
            .append(Html.escape(id))
            .append('"')
            .append(id.equals(chosen) ? " selected" : "")
            .append('>')
            .append(Html.escape(label))
            .append("</option>");
      }
    }
    return html.append("</select> ").toString();
  }

  private static String table(JsonArray events, ZoneId zone, Query q) {
    if (events.isEmpty()) {
      return "<p class=\"empty\">No events match.</p>";
    }
    StringBuilder html = new StringBuilder();
    int first = Math.max(0, events.size() - SHOWN);
    html.append("<p class=\"note\">")
        .append(events.size())
        .append(events.size() == 1 ? " event" : " events")
        .append(first > 0 ? "; the newest " + SHOWN + " are shown, the export has all." : ".")
        .append(" Times in ")
        .append(Html.escape(zone.getId()))
        .append(".</p><table id=\"events\"><thead><tr><th>When</th><th>Kind</th><th>Call</th>")
        .append("<th>Details</th><th>Position</th></tr></thead><tbody>");
    for (int i = events.size() - 1; i >= first; i--) {
      JsonObject e = events.getJsonObject(i);
      html.append("<tr><td>")
          .append(Html.escape(WHEN.format(Instant.parse(e.getString("at")).atZone(zone))))
          .append("</td><td>")
          .append(Html.escape(e.getString("kind")))
          .append("</td><td>");
      if (e.getString("call") != null) {
        html.append("<a href=\"/console/calls/")
            .append(Html.escape(e.getString("call")))
            .append("\">")
            .append(Html.escape(e.getString("call")))
            .append("</a>");
      }
      html.append("</td><td class=\"data\">")
          .append(Html.escape(ConsolePages.data(e.getJsonObject("data"))))
          .append("</td><td>")
          .append(e.getValue("position") == null ? "unsealed" : e.getValue("position"))
          .append("</td></tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  private static LocalDate date(String value, LocalDate otherwise) {
    try {
      return value == null || value.isBlank() ? otherwise : LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      return otherwise;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
