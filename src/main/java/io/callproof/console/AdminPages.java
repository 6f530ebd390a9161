package io.callproof.console;

import io.callproof.directory.DirectoryAdmin;
import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import io.callproof.directory.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The administrators' pages: companies with their time zones and policies, contacts with their
 * registered numbers and enrolled devices, technicians and console users' roles, and the flow each
 * number runs. Only a signed-in administrator reaches them; anyone else, and anything of another
 * tenant, is answered 404. Every change is written with its audit event.
 */
final class AdminPages {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AdminPages.class);

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.US);

  private final Pool pool;
  private final TenantRegistry tenants;
  private final ConsoleSessions sessions;
  private final DirectoryAdmin directory;
  private final ConsoleUsers users;
  private final Set<String> flows;
  private final Clock clock;

  /**
   * @param flows the names of the flows loaded at start-up, which a number may run
   */
  AdminPages(
      Pool pool,
      TenantRegistry tenants,
      ConsoleSessions sessions,
      DirectoryAdmin directory,
      ConsoleUsers users,
      Set<String> flows,
      Clock clock) {
    this.pool = pool;
    this.tenants = tenants;
    this.sessions = sessions;
    this.directory = directory;
    this.users = users;
    this.flows = Set.copyOf(flows);
    this.clock = clock;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.get("/console/admin").handler(this::overview);
    router.get("/console/admin/companies").handler(this::companies);
    router.post("/console/admin/companies").handler(body).handler(this::addCompany);
    router.get("/console/admin/companies/:id").handler(this::company);
    router.post("/console/admin/companies/:id").handler(body).handler(this::saveCompany);
    router.get("/console/admin/contacts").handler(this::contacts);
    router.get("/console/admin/contacts/:id").handler(this::contact);
    router.post("/console/admin/contacts/:id").handler(body).handler(this::saveContact);
    router.post("/console/admin/contacts/:id/phones").handler(body).handler(this::addPhone);
    router
        .post("/console/admin/contacts/:id/phones/remove")
        .handler(body)
        .handler(this::removePhone);
    router
        .post("/console/admin/contacts/:id/devices/:device/remove")
        .handler(body)
        .handler(this::removeDevice);
    router.get("/console/admin/technicians").handler(this::technicians);
    router.post("/console/admin/technicians").handler(body).handler(this::addTechnician);
    router.get("/console/admin/technicians/:id").handler(this::technician);
    router.post("/console/admin/technicians/:id").handler(body).handler(this::saveTechnician);
    router.post("/console/admin/users/:id/role").handler(body).handler(this::setRole);
    router.get("/console/admin/numbers").handler(this::numbers);
    router.post("/console/admin/numbers").handler(body).handler(this::setFlow);
  }

  private void overview(RoutingContext ctx) {
    sessions.adminPage(
        ctx,
        session ->
            ConsoleView.page(
                ctx,
                200,
                "Administration",
                session,
                "<ul class=\"admin-links\">"
                    + "<li><a href=\"/console/admin/companies\">Companies</a>: names, time zones,"
                    + " policies</li>"
                    + "<li><a href=\"/console/admin/contacts\">Contacts</a>: numbers, devices,"
                    + " authorised requesters</li>"
                    + "<li><a href=\"/console/admin/imports\">Import contacts</a> from a CSV"
                    + " file</li>"
                    + "<li><a href=\"/console/admin/technicians\">Technicians</a> and console"
                    + " users' roles</li>"
                    + "<li><a href=\"/console/admin/numbers\">Phone numbers</a> and their"
                    + " flows</li></ul>",
                null));
  }

  /** Sends a query's page, or the 503 when the database failed. */
  private static void send(
      RoutingContext ctx,
      ConsoleSessions.Session session,
      String title,
      Future<String> body,
      String script) {
    body.onComplete(
        page -> {
          if (page.failed()) {
            ConsoleView.unavailable(ctx, page.cause());
          } else if (page.result() == null) {
            ConsoleView.notFound(ctx, session);
          } else {
            ConsoleView.page(ctx, 200, title, session, page.result(), script);
          }
        });
  }

  /**
   * Answers a change: back to {@code next} when done, the refusal page for bad input, 404 when the
   * tenant has no such thing.
   */
  private static void changed(
      RoutingContext ctx,
      ConsoleSessions.Session session,
      Future<Boolean> change,
      String back,
      String next) {
    change.onComplete(
        done -> {
          if (done.failed() && done.cause() instanceof IllegalArgumentException) {
            Forms.refused(ctx, session, done.cause().getMessage(), back);
          } else if (done.failed()) {
            ConsoleView.unavailable(ctx, done.cause());
          } else if (!done.result()) {
            ConsoleView.notFound(ctx, session);
          } else {
            log.info(
                "tenant={} administrator {} changed {}",
                session.tenantId(),
                session.user().id(),
                ctx.request().path());
            ConsoleView.redirect(ctx, next);
          }
        });
  }

  /** Runs an administrator's change and answers it as {@link #changed} does. */
  private void adminChanged(
      RoutingContext ctx,
      Function<ConsoleSessions.Session, Future<Boolean>> change,
      String back,
      String next) {
    sessions.adminChange(ctx, session -> changed(ctx, session, change.apply(session), back, next));
  }

  // Companies

  private void companies(RoutingContext ctx) {
    sessions.adminPage(
        ctx,
        session ->
            send(
                ctx,
                session,
                "Companies",
                pool.preparedQuery(
                        "select co.id, co.name, co.time_zone, p.methods,"
                            + " (select count(*) from contact c where c.tenant_id = co.tenant_id"
                            + " and c.company_id = co.id) as contacts from company co"
                            + " left join policy p on p.tenant_id = co.tenant_id"
                            + " and p.company_id = co.id where co.tenant_id = $1 order by co.name")
                    .execute(Tuple.of(session.tenantId()))
                    .map(rows -> companyList(session, rows)),
                null));
  }

  private String companyList(ConsoleSessions.Session session, RowSet<Row> rows) {
    StringBuilder html =
        new StringBuilder(Html.listTable("Company", "Time zone", "Methods", "Contacts"));
    for (Row r : rows) {
      String[] methods = r.getArrayOfStrings("methods");
      html.append("<tr><td><a href=\"/console/admin/companies/")
          .append(r.getUUID("id"))
          .append("\">")
          .append(Html.escape(r.getString("name")))
          .append("</a></td><td>")
          .append(Html.escape(r.getString("time_zone")))
          .append("</td><td>")
          .append(methods == null ? "the MSP's default" : String.join(", ", methods))
          .append("</td><td>")
          .append(r.getLong("contacts"))
          .append("</td></tr>");
    }
    html.append("</tbody></table><h2>Add a company</h2>")
        .append(Forms.open(session, "/console/admin/companies", "admin-form"))
        .append(Forms.field("Name", "name", "", "text", true))
        .append(
            Forms.field(
                "Time zone (such as America/Chicago)",
                "time_zone",
                tenants.byId(session.tenantId()).map(Tenant::timeZone).orElse("UTC"),
                "text",
                true))
        .append(Forms.button("Add company"))
        .append("</form>");
    return html.toString();
  }

  private void addCompany(RoutingContext ctx) {
    adminChanged(
        ctx,
        session ->
            directory
                .addCompany(
                    session.tenantId(),
                    Forms.value(ctx, "name"),
                    Forms.value(ctx, "time_zone"),
                    session.by(),
                    clock.instant())
                .map(true),
        "/console/admin/companies",
        "/console/admin/companies");
  }

  private void company(RoutingContext ctx) {
    sessions.adminPage(
        ctx,
        session -> {
          UUID id = Ids.uuid(ctx.pathParam("id"));
          send(
              ctx,
              session,
              "Company",
              pool.preparedQuery(
                      "select co.id, co.name, co.time_zone, p.methods, p.code_ttl_seconds,"
                          + " p.approval_ttl_seconds from company co left join policy p"
                          + " on p.tenant_id = co.tenant_id and p.company_id = co.id"
                          + " where co.tenant_id = $1 and co.id = $2")
                  .execute(Tuple.of(session.tenantId(), id))
                  .map(
                      rows ->
                          rows.size() == 0 ? null : companyForm(session, rows.iterator().next())),
              null);
        });
  }

  private static String companyForm(ConsoleSessions.Session session, Row r) {
    String[] methods = r.getArrayOfStrings("methods");
    Integer code = r.getInteger("code_ttl_seconds");
    Integer approval = r.getInteger("approval_ttl_seconds");
    return Forms.open(session, "/console/admin/companies/" + r.getUUID("id"), "admin-form")
        + Forms.field("Name", "name", r.getString("name"), "text", true)
        + Forms.field("Time zone", "time_zone", r.getString("time_zone"), "text", true)
        + Forms.field(
            "Methods in order (push, sms, email; empty: the MSP's default)",
            "methods",
            methods == null ? "" : String.join(", ", methods),
            "text",
            false)
        + Forms.field(
            "Code lifetime, minutes (1 to 10)",
            "code_minutes",
            Integer.toString(code == null ? 5 : code / 60),
            "number",
            false)
        + Forms.field(
            "Push approval lifetime, minutes (1 to 10)",
            "approval_minutes",
            Integer.toString(approval == null ? 2 : approval / 60),
            "number",
            false)
        + Forms.button("Save company")
        + "</form><p><a href=\"/console/admin/contacts?company="
        + r.getUUID("id")
        + "\">This company's contacts</a></p>";
  }

  private void saveCompany(RoutingContext ctx) {
    sessions.adminChange(
        ctx,
        session -> {
          UUID id = Ids.uuid(ctx.pathParam("id"));
          String back = "/console/admin/companies/" + ctx.pathParam("id");
          if (id == null) {
            ConsoleView.notFound(ctx, session);
            return;
          }
          List<String> methods =
              Forms.value(ctx, "methods") == null
                  ? List.of()
                  : Arrays.stream(Forms.value(ctx, "methods").split("[,\\s]+"))
                      .filter(m -> !m.isBlank())
                      .map(m -> m.toLowerCase(Locale.ROOT))
                      .toList();
          int code;
          int approval;
          try {
            code = Integer.parseInt(orDefault(Forms.value(ctx, "code_minutes"), "5"));
            approval = Integer.parseInt(orDefault(Forms.value(ctx, "approval_minutes"), "2"));
          } catch (NumberFormatException e) {
            Forms.refused(
                ctx, session, "code_minutes, approval_minutes: must be whole minutes", back);
            return;
          }
          changed(
              ctx,
              session,
              directory.updateCompany(
                  session.tenantId(),
                  id,
                  Forms.value(ctx, "name"),
                  Forms.value(ctx, "time_zone"),
                  new DirectoryAdmin.PolicyChange(methods, code, approval),
                  session.by(),
                  clock.instant()),
              back,
              "/console/admin/companies");
        });
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }

  // Contacts

  private void contacts(RoutingContext ctx) {
    sessions.adminPage(
        ctx,
        session -> {
          String q = ctx.request().getParam("q");
          UUID company = Ids.uuid(ctx.request().getParam("company"));
          String like =
              q == null || q.isBlank() ? "%" : "%" + q.trim().toLowerCase(Locale.ROOT) + "%";
          send(
              ctx,
              session,
              "Contacts",
              pool.preparedQuery(
                      "select c.id, c.first_name, c.last_name, c.email, c.disabled,"
                          + " c.authorised_requester, co.name as company from contact c"
                          + " join company co on co.tenant_id = c.tenant_id and co.id ="
                          + " c.company_id"
                          + " where c.tenant_id = $1 and ($2::uuid is null or c.company_id = $2)"
                          + " and lower(c.first_name || ' ' || c.last_name || ' '"
                          + " || coalesce(c.email, '')) like $3"
                          + " order by co.name, c.last_name, c.first_name limit 200")
                  .execute(Tuple.of(session.tenantId(), company, like))
                  .map(rows -> contactList(q, rows)),
              null);
        });
  }

  private static String contactList(String q, RowSet<Row> rows) {
    StringBuilder html =
        new StringBuilder(
            "<form method=\"get\" action=\"/console/admin/contacts\" class=\"filters\">"
                + "<label for=\"q\">Name or email</label><input id=\"q\" name=\"q\" value=\""
                + Html.escape(q)
                + "\"> <button type=\"submit\">Search</button>"
                + " <a href=\"/console/admin/imports\">Import contacts</a></form>");
    html.append(Html.listTable("Contact", "Company", "Email", "Status"));
    for (Row r : rows) {
      html.append("<tr><td><a href=\"/console/admin/contacts/")
          .append(r.getUUID("id"))
          .append("\">")
          .append(Html.escape(r.getString("first_name") + " " + r.getString("last_name")))
          .append("</a></td><td>")
          .append(Html.escape(r.getString("company")))
          .append("</td><td>")
          .append(Html.escape(r.getString("email")))
          .append("</td><td>")
          .append(flags(r))
          .append("</td></tr>");
    }
    if (rows.size() == 0) {
      html.append("<tr><td colspan=\"4\">No contacts match.</td></tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  private static String flags(Row r) {
    List<String> flags = new ArrayList<>();
    if (Boolean.TRUE.equals(r.getBoolean("authorised_requester"))) {
      flags.add("<span class=\"tag\">\u2713 authorised requester</span>");
    }
    if (Boolean.TRUE.equals(r.getBoolean("disabled"))) {
      flags.add("<span class=\"tag tag-off\">\u2715 disabled</span>");
    }
    return String.join(" ", flags);
  }

  private void contact(RoutingContext ctx) {
    sessions.adminPage(
        ctx,
        session -> {
          UUID id = Ids.uuid(ctx.pathParam("id"));
          ZoneId zone = tenants.zoneOf(session.tenantId());
          Tuple key = Tuple.of(session.tenantId(), id);
          Future<RowSet<Row>> contact =
              pool.preparedQuery(
                      "select c.id, c.first_name, c.last_name, c.email, c.employee_id,"
                          + " c.disabled, c.authorised_requester, c.language, co.name as company"
                          + " from contact c join company co on co.tenant_id = c.tenant_id"
                          + " and co.id = c.company_id where c.tenant_id = $1 and c.id = $2")
                  .execute(key);
          Future<RowSet<Row>> phones =
              pool.preparedQuery(
                      "select kind, e164, registered_at from contact_phone where tenant_id = $1"
                          + " and contact_id = $2 order by kind, e164")
                  .execute(key);
          Future<RowSet<Row>> devices =
              pool.preparedQuery(
                      "select id, label, enrolled_at from push_device where tenant_id = $1"
                          + " and contact_id = $2 and removed_at is null order by enrolled_at")
                  .execute(key);
          send(
              ctx,
              session,
              "Contact",
              Future.all(contact, phones, devices)
                  .map(
                      v ->
                          contact.result().size() == 0
                              ? null
                              : contactPage(
                                  session,
                                  contact.result().iterator().next(),
                                  phones.result(),
                                  devices.result(),
                                  zone)),
              null);
        });
  }

  private static String contactPage(
      ConsoleSessions.Session session,
      Row c,
      RowSet<Row> phones,
      RowSet<Row> devices,
      ZoneId zone) {
    String base = "/console/admin/contacts/" + c.getUUID("id");
    StringBuilder html = new StringBuilder();
    html.append("<p class=\"note\">")
        .append(Html.escape(c.getString("company")))
        .append(" \u00b7 <a href=\"/console/events?contact=")
        .append(c.getUUID("id"))
        .append("\">Events</a></p>")
        .append(ContactCalls.button(session, c.getUUID("id")))
        .append(Forms.open(session, base, "admin-form"))
        .append(Forms.field("First name", "first_name", c.getString("first_name"), "text", true))
        .append(Forms.field("Last name", "last_name", c.getString("last_name"), "text", true))
        .append(Forms.field("Email", "email", c.getString("email"), "email", false))
        .append(
            Forms.field("Employee ID", "employee_id", c.getString("employee_id"), "text", false))
        .append(
            Forms.select(
                "Language",
                "language",
                c.getString("language"),
                List.of(
                    "",
                    "The number's or MSP's",
                    "en-US",
                    "English (US)",
                    "fr-CA",
                    "French (Canada)")))
        .append(
            Forms.checkbox(
                "Authorised requester",
                "authorised_requester",
                c.getBoolean("authorised_requester")))
        .append(Forms.checkbox("Disabled (left the company)", "disabled", c.getBoolean("disabled")))
        .append(Forms.button("Save contact"))
        .append("</form><h2>Registered numbers</h2>")
        .append(Html.listTable("Kind", "Number", "Registered", ""));
    for (Row p : phones) {
      html.append("<tr><td>")
          .append(Html.escape(p.getString("kind")))
          .append("</td><td class=\"number\">")
          .append(Html.escape(PhoneNumbers.mask(p.getString("e164"))))
          .append("</td><td>")
          .append(DAY.format(p.getOffsetDateTime("registered_at").atZoneSameInstant(zone)))
          .append("</td><td>")
          .append(Forms.open(session, base + "/phones/remove", "inline"))
          .append(Forms.hidden("number", p.getString("e164")))
          .append("<button type=\"submit\" class=\"secondary\">Remove</button></form></td></tr>");
    }
    if (phones.size() == 0) {
      html.append("<tr><td colspan=\"4\">No registered numbers.</td></tr>");
    }
    html.append("</tbody></table>")
        .append(Forms.open(session, base + "/phones", "admin-form inline-form"))
        .append(Forms.select("Kind", "kind", "mobile", List.of("mobile", "mobile", "work", "work")))
        .append(Forms.field("Number", "number", "", "tel", true))
        .append(Forms.button("Register number"))
        .append("</form><p class=\"note\">A number registered today receives no codes and cannot")
        .append(" enrol a phone until the trust window has passed.</p>")
        .append("<h2>Enrolled devices</h2>")
        .append(Html.listTable("Device", "Enrolled", ""));
    for (Row d : devices) {
      html.append("<tr><td>")
          .append(Html.escape(d.getString("label") == null ? "phone" : d.getString("label")))
          .append("</td><td>")
          .append(DAY.format(d.getOffsetDateTime("enrolled_at").atZoneSameInstant(zone)))
          .append("</td><td>")
          .append(Forms.open(session, base + "/devices/" + d.getUUID("id") + "/remove", "inline"))
          .append("<button type=\"submit\" class=\"secondary\">Remove</button></form></td></tr>");
    }
    if (devices.size() == 0) {
      html.append("<tr><td colspan=\"3\">No enrolled devices.</td></tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  private void saveContact(RoutingContext ctx) {
    sessions.adminChangeOn(
        ctx,
        (session, id) -> {
          changed(
              ctx,
              session,
              directory.updateContact(
                  session.tenantId(),
                  id,
                  new DirectoryAdmin.ContactChange(
                      Forms.value(ctx, "first_name"),
                      Forms.value(ctx, "last_name"),
                      Forms.value(ctx, "email"),
                      Forms.value(ctx, "employee_id"),
                      Forms.ticked(ctx, "authorised_requester"),
                      Forms.ticked(ctx, "disabled"),
                      Forms.value(ctx, "language")),
                  session.by(),
                  clock.instant()),
              "/console/admin/contacts/" + id,
              "/console/admin/contacts/" + id);
        });
  }

  private void contactChange(
      RoutingContext ctx,
      Function<ConsoleSessions.Session, Function<UUID, Future<Boolean>>> change) {
    sessions.adminChangeOn(
        ctx,
        (session, id) -> {
          String page = "/console/admin/contacts/" + id;
          changed(ctx, session, change.apply(session).apply(id), page, page);
        });
  }

  private void addPhone(RoutingContext ctx) {
    contactChange(
        ctx,
        session ->
            id ->
                tenants
                    .byId(session.tenantId())
                    .map(
                        tenant ->
                            directory.addPhone(
                                tenant,
                                id,
                                Forms.value(ctx, "kind"),
                                Forms.value(ctx, "number"),
                                session.by(),
                                clock.instant()))
                    .orElse(Future.succeededFuture(false)));
  }

  private void removePhone(RoutingContext ctx) {
    contactChange(
        ctx,
        session ->
            id ->
                directory.removePhone(
                    session.tenantId(),
                    id,
                    Forms.value(ctx, "number"),
                    session.by(),
                    clock.instant()));
  }

  private void removeDevice(RoutingContext ctx) {
    contactChange(
        ctx,
        session ->
            id -> {
              UUID device = Ids.uuid(ctx.pathParam("device"));
              return device == null
                  ? Future.succeededFuture(false)
                  : directory.removeDevice(
                      session.tenantId(), id, device, session.by(), clock.instant());
            });
  }

  // Technicians and roles

  private void technicians(RoutingContext ctx) {
    sessions.adminPage(
        ctx,
        session -> {
          Tuple tenant = Tuple.of(session.tenantId());
          Future<RowSet<Row>> technicians =
              pool.preparedQuery(
                      "select id, name, client_identity, phone, sip_endpoint, active, presence"
                          + " from technician where tenant_id = $1 order by active desc, name")
                  .execute(tenant);
          Future<RowSet<Row>> people =
              pool.preparedQuery(
                      "select id, email, name, role, technician_id from console_user"
                          + " where tenant_id = $1 order by name")
                  .execute(tenant);
          send(
              ctx,
              session,
              "Technicians",
              Future.all(technicians, people)
                  .map(v -> technicianList(session, technicians.result(), people.result())),
              null);
        });
  }

  private static String technicianList(
      ConsoleSessions.Session session, RowSet<Row> technicians, RowSet<Row> people) {
    StringBuilder html = new StringBuilder(Html.listTable("ID", "Name", "Rung on", "Status"));
    for (Row t : technicians) {
      List<String> rung = new ArrayList<>();
      if (t.getString("client_identity") != null) {
        rung.add("softphone " + t.getString("client_identity"));
      }
      if (t.getString("phone") != null) {
        rung.add("phone " + PhoneNumbers.mask(t.getString("phone")));
      }
      if (t.getString("sip_endpoint") != null) {
        rung.add("SIP " + t.getString("sip_endpoint"));
      }
      html.append("<tr><td><a href=\"/console/admin/technicians/")
          .append(Html.escape(t.getString("id")))
          .append("\">")
          .append(Html.escape(t.getString("id")))
          .append("</a></td><td>")
          .append(Html.escape(t.getString("name")))
          .append("</td><td>")
          .append(Html.escape(String.join(", ", rung)))
          .append("</td><td>")
          .append(
              Boolean.TRUE.equals(t.getBoolean("active"))
                  ? Html.escape(t.getString("presence"))
                  : "<span class=\"tag tag-off\">\u2715 deactivated</span>")
          .append("</td></tr>");
    }
    html.append("</tbody></table><h2>Add a technician</h2>")
        .append(Forms.open(session, "/console/admin/technicians", "admin-form"))
        .append(technicianFields(null, "", "", "", "", true))
        .append(Forms.button("Add technician"))
        .append("</form><h2>Console users</h2>")
        .append(Html.listTable("Name", "Email", "Technician", "Role"));
    for (Row u : people) {
      html.append("<tr><td>")
          .append(Html.escape(u.getString("name")))
          .append("</td><td>")
          .append(Html.escape(u.getString("email")))
          .append("</td><td>")
          .append(Html.escape(u.getString("technician_id")))
          .append("</td><td>")
          .append(
              Forms.open(session, "/console/admin/users/" + u.getUUID("id") + "/role", "inline"))
          .append("<label class=\"visually-hidden\" for=\"role-")
          .append(u.getUUID("id"))
          .append("\">Role of ")
          .append(Html.escape(u.getString("name")))
          .append("</label><select id=\"role-")
          .append(u.getUUID("id"))
          .append("\" name=\"role\">");
      for (String role : List.of("technician", "admin")) {
        html.append("<option value=\"")
            .append(role)
            .append('"')
            .append(role.equals(u.getString("role")) ? " selected" : "")
            .append('>')
            .append(role.equals("admin") ? "administrator" : role)
            .append("</option>");
      }
      html.append("</select> <button type=\"submit\">Set</button></form></td></tr>");
    }
    return html.append("</tbody></table><p class=\"note\">Add console users with the add-user")
        .append(" command; their passwords never pass through this page.</p>")
        .toString();
  }

  private static String technicianFields(
      String id, String name, String client, String phone, String sip, boolean active) {
    return (id == null
            ? Forms.field("Technician ID (digits callers key in)", "id", "", "text", true)
            : Forms.hidden("id", id))
        + Forms.field("Name", "name", name, "text", true)
        + Forms.field("Softphone identity (Twilio Client)", "client", client, "text", false)
        + Forms.field("Phone", "phone", phone, "tel", false)
        + Forms.field("SIP dial string (such as PJSIP/randy)", "sip", sip, "text", false)
        + Forms.checkbox("Active (unticked: has left, never rung)", "active", active);
  }

  private void technician(RoutingContext ctx) {
    sessions.adminPage(
        ctx,
        session ->
            send(
                ctx,
                session,
                "Technician",
                pool.preparedQuery(
                        "select id, name, client_identity, phone, sip_endpoint, active from"
                            + " technician where tenant_id = $1 and id = $2")
                    .execute(Tuple.of(session.tenantId(), ctx.pathParam("id")))
                    .map(
                        rows -> {
                          if (rows.size() == 0) {
                            return null;
                          }
                          Row t = rows.iterator().next();
                          return Forms.open(
                                  session,
                                  "/console/admin/technicians/" + t.getString("id"),
                                  "admin-form")
                              + "<p>Technician ID <strong>"
                              + Html.escape(t.getString("id"))
                              + "</strong></p>"
                              + technicianFields(
                                  t.getString("id"),
                                  t.getString("name"),
                                  t.getString("client_identity"),
                                  t.getString("phone"),
                                  t.getString("sip_endpoint"),
                                  t.getBoolean("active"))
                              + Forms.button("Save technician")
                              + "</form><p><a href=\"/console/events?technician="
                              + Html.escape(t.getString("id"))
                              + "\">This technician's events</a></p>";
                        }),
                null));
  }

  private DirectoryAdmin.TechnicianChange technicianChange(RoutingContext ctx, String id) {
    return new DirectoryAdmin.TechnicianChange(
        id,
        Forms.value(ctx, "name"),
        Forms.value(ctx, "client"),
        Forms.value(ctx, "phone"),
        Forms.value(ctx, "sip"),
        Forms.ticked(ctx, "active"));
  }

  private void addTechnician(RoutingContext ctx) {
    adminChanged(
        ctx,
        session -> technicianSaved(ctx, session, Forms.value(ctx, "id"), true),
        "/console/admin/technicians",
        "/console/admin/technicians");
  }

  private void saveTechnician(RoutingContext ctx) {
    adminChanged(
        ctx,
        session -> technicianSaved(ctx, session, ctx.pathParam("id"), false),
        "/console/admin/technicians/" + ctx.pathParam("id"),
        "/console/admin/technicians");
  }

  /**
   * Adds ({@code create}) or changes technician {@code id} from the form; {@code false} when not
   * found.
   */
  private Future<Boolean> technicianSaved(
      RoutingContext ctx, ConsoleSessions.Session session, String id, boolean create) {
    return tenants
        .byId(session.tenantId())
        .map(
            t ->
                directory.saveTechnician(
                    t, technicianChange(ctx, id), create, session.by(), clock.instant()))
        .orElse(Future.succeededFuture(false));
  }

  private void setRole(RoutingContext ctx) {
    sessions.adminChangeOn(
        ctx,
        (session, user) -> {
          changed(
              ctx,
              session,
              users.setRole(
                  session.tenantId(),
                  user,
                  Forms.value(ctx, "role"),
                  session.user().id(),
                  clock.instant()),
              "/console/admin/technicians",
              "/console/admin/technicians");
        });
  }

  // Numbers

  private void numbers(RoutingContext ctx) {
    sessions.adminPage(
        ctx,
        session ->
            send(
                ctx,
                session,
                "Phone numbers",
                pool.preparedQuery(
                        "select e164, flow from phone_number where tenant_id = $1 order by e164")
                    .execute(Tuple.of(session.tenantId()))
                    .map(rows -> numberList(session, rows)),
                null));
  }

  private String numberList(ConsoleSessions.Session session, RowSet<Row> rows) {
    StringBuilder html = new StringBuilder(Html.listTable("Number", "Flow"));
    int i = 0;
    for (Row r : rows) {
      String e164 = r.getString("e164");
      html.append("<tr><td class=\"number\">")
          .append(Html.escape(e164))
          .append("</td><td>")
          .append(Forms.open(session, "/console/admin/numbers", "inline"))
          .append(Forms.hidden("number", e164))
          .append("<label class=\"visually-hidden\" for=\"flow-")
          .append(i)
          .append("\">Flow of ")
          .append(Html.escape(e164))
          .append("</label><select id=\"flow-")
          .append(i)
          .append("\" name=\"flow\">");
      for (String flow : flows.stream().sorted().toList()) {
        html.append("<option")
            .append(flow.equals(r.getString("flow")) ? " selected" : "")
            .append('>')
            .append(Html.escape(flow))
            .append("</option>");
      }
      html.append("</select> <button type=\"submit\">Save</button></form></td></tr>");
      i++;
    }
    return html.append("</tbody></table><p class=\"note\">A number's flow is a file in the")
        .append(" flows folder; a change answers the next call.</p>")
        .toString();
  }

  private void setFlow(RoutingContext ctx) {
    adminChanged(
        ctx,
        session ->
            directory
                .setNumberFlow(
                    session.tenantId(),
                    Forms.value(ctx, "number"),
                    Forms.value(ctx, "flow"),
                    flows,
                    session.by(),
                    clock.instant())
                .compose(done -> done ? tenants.load().map(true) : Future.succeededFuture(false)),
        "/console/admin/numbers",
        "/console/admin/numbers");
  }
}
