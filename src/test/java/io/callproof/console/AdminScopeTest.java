package io.callproof.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.support.Api;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who reaches the administration over HTTP: only an administrator of the MSP, never a technician,
 * never another MSP (404, by page and by API); every new form needs its CSRF token; production
 * never serves the demo's pages.
 */
class AdminScopeTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String CSV =
      "company,first_name,last_name,mobile\nAjax Dental,Ann,Lee,2125550161\n";

  private static Helpdesk helpdesk;
  private static ConsoleClient ada;
  private static ConsoleClient randy;
  private static ConsoleClient zoe;
  private static Api adaApi;
  private static Api randyApi;
  private static Api zoeApi;
  private static String dana;
  private static String ajax;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start();
    helpdesk.query(
        "insert into tenant (id, name, time_zone, default_region) values"
            + " ('other-msp', 'Other MSP', 'UTC', 'US')",
        Tuple.tuple());
    helpdesk.query(
        "insert into technician (tenant_id, id, name, phone) values"
            + " ('other-msp', '9001', 'Zoe Zed', '+12125550190')",
        Tuple.tuple());
    helpdesk.query(
        "insert into technician (tenant_id, id, name, phone) values"
            + " ('acme-msp', '4900', 'Ada Admin', '+12125550191')",
        Tuple.tuple());
    // The service learns of tenants by reloading them; without this the other MSP would be
    // unknown to it for up to 10 seconds, and its requests answered 404 for that reason alone.
    Await.result(helpdesk.service.tenants().load());
    ConsoleUsers users =
        new ConsoleUsers(helpdesk.vertx, helpdesk.service.database().pool(), new AuditTrail());
    Instant now = helpdesk.clock.instant();
    Await.result(users.add("acme-msp", "ada@acme.example", "Ada", "admin", "4900", PASSWORD, now));
    Await.result(
        users.add("acme-msp", "randy@acme.example", "Randy", "technician", "4821", PASSWORD, now));
    Await.result(
        users.add("other-msp", "zoe@other.example", "Zoe", "admin", "9001", PASSWORD, now));
    adaApi = api("acme-msp", "4900");
    randyApi = api("acme-msp", "4821");
    zoeApi = api("other-msp", "9001");
    dana = id("select id from contact where first_name = 'Dana'");
    ajax = id("select id from company where name = 'Ajax Dental'");
  }

  private static Api api(String tenant, String technician) {
    String token =
        Await.result(
            ApiTokens.issue(
                helpdesk.service.database().pool(),
                new AuditTrail(),
                tenant,
                technician,
                helpdesk.clock.instant()));
    return new Api(helpdesk.service.port(), token);
  }

  private static String id(String sql) {
    return helpdesk.query(sql, Tuple.tuple()).get(0).getUUID(0).toString();
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
    int port = helpdesk.service.port();
    ada = ConsoleClient.signIn(port, "ada@acme.example", PASSWORD);
    randy = ConsoleClient.signIn(port, "randy@acme.example", PASSWORD);
    zoe = ConsoleClient.signIn(port, "zoe@other.example", PASSWORD);
  }

  private static String upload(ConsoleClient who) {
    HttpResponse<String> sent = who.postFile("/console/admin/imports", "ann.csv", CSV, true);
    assertThat(sent.statusCode()).isEqualTo(303);
    return sent.headers().firstValue("Location").orElseThrow();
  }

  private static long contactsNamed(String first) {
    return helpdesk.count("select count(*) from contact where first_name = $1", Tuple.of(first));
  }

  @Test
  void aTechnician_getsNotFound_fromEveryAdministrationPage_andHasNoLinkToThem() {
    List<String> pages =
        List.of(
            "/console/admin",
            "/console/admin/companies",
            "/console/admin/companies/" + ajax,
            "/console/admin/contacts",
            "/console/admin/contacts/" + dana,
            "/console/admin/technicians",
            "/console/admin/numbers",
            "/console/admin/imports");

    List<Integer> technician = pages.stream().map(p -> randy.get(p).statusCode()).toList();
    List<Integer> admin = pages.stream().map(p -> ada.get(p).statusCode()).toList();
    HttpResponse<String> change =
        randy.postForm(
            "/console/admin/contacts/" + dana,
            Map.of("first_name", "Mallory", "last_name", "Reyes"));

    assertThat(technician).containsOnly(404);
    assertThat(admin).containsOnly(200);
    assertThat(change.statusCode()).isEqualTo(404);
    assertThat(contactsNamed("Mallory")).isZero();
    assertThat(randy.get("/console").body()).doesNotContain("/console/admin");
    assertThat(ada.get("/console").body()).contains("href=\"/console/admin\"");
  }

  @Test
  void anotherMspsAdministrator_cannotReachOurContactCompanyOrImport_byUrl() {
    String preview = upload(ada);

    HttpResponse<String> contact = zoe.get("/console/admin/contacts/" + dana);
    HttpResponse<String> company = zoe.get("/console/admin/companies/" + ajax);
    HttpResponse<String> theirImport = zoe.get(preview);
    HttpResponse<String> commit = zoe.postForm(preview + "/commit", Map.of());
    HttpResponse<String> change =
        zoe.postForm(
            "/console/admin/contacts/" + dana,
            Map.of("first_name", "Mallory", "last_name", "Reyes"));
    HttpResponse<String> rename =
        zoe.postForm(
            "/console/admin/companies/" + ajax, Map.of("name", "Mallory Inc", "time_zone", "UTC"));

    assertThat(List.of(contact, company, theirImport, commit, change, rename))
        .extracting(HttpResponse::statusCode)
        .containsOnly(404);
    assertThat(contact.body() + company.body() + theirImport.body()).doesNotContain("Dana", "Ajax");
    assertThat(contactsNamed("Ann") + contactsNamed("Mallory")).isZero();
    assertThat(
            helpdesk.count(
                "select count(*) from company where name = 'Ajax Dental'", Tuple.tuple()))
        .isEqualTo(1);
    assertThat(ada.get(preview).statusCode()).isEqualTo(200);
    assertThat(zoe.get("/console/admin/imports").statusCode()).isEqualTo(200);
  }

  @Test
  void theApi_answersNotFound_forAnotherMspsContactAndImport_andForATechniciansToken() {
    Api.Reply uploaded = adaApi.postRaw("/api/imports", "text/csv", CSV);
    String importId = uploaded.json().getString("id");

    Api.Reply own = adaApi.get("/api/contacts/" + dana);
    Api.Reply theirs = zoeApi.get("/api/contacts/" + dana);
    Api.Reply theirList = zoeApi.get("/api/contacts?q=dana");
    Api.Reply theirImport = zoeApi.get("/api/imports/" + importId);
    Api.Reply theirCommit = zoeApi.post("/api/imports/" + importId + "/commit", new JsonObject());
    Api.Reply theirChange =
        zoeApi.patch("/api/contacts/" + dana, new JsonObject().put("disabled", true));
    Api.Reply technician = randyApi.get("/api/contacts/" + dana);
    Api.Reply technicianCompanies = randyApi.get("/api/companies");
    Api.Reply noToken = new Api(helpdesk.service.port(), null).get("/api/contacts/" + dana);

    assertThat(uploaded.status()).isEqualTo(201);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().getString("first_name")).isEqualTo("Dana");
    assertThat(
            List.of(theirs, theirImport, theirCommit, theirChange, technician, technicianCompanies))
        .extracting(Api.Reply::status)
        .containsOnly(404);
    assertThat(theirList.status()).isEqualTo(200);
    assertThat(theirList.json().getJsonArray("contacts")).isEmpty();
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(contactsNamed("Ann")).isZero();
    assertThat(
            helpdesk.count(
                "select count(*) from contact where first_name = 'Dana' and disabled",
                Tuple.tuple()))
        .isZero();
  }

  @Test
  void everyNewForm_withoutItsCsrfToken_isRefused_andChangesNothing() {
    String preview = upload(ada);
    String contact = "/console/admin/contacts/" + dana;
    Map<String, Map<String, String>> forms = new LinkedHashMap<>();
    forms.put("/console/admin/companies", Map.of("name", "Forged Co", "time_zone", "UTC"));
    forms.put("/console/admin/companies/" + ajax, Map.of("name", "Forged", "time_zone", "UTC"));
    forms.put(contact, Map.of("first_name", "Forged", "last_name", "Reyes"));
    forms.put(contact + "/phones", Map.of("kind", "mobile", "number", "2125550168"));
    forms.put(contact + "/phones/remove", Map.of("number", Helpdesk.DANA_MOBILE));
    forms.put(contact + "/devices/" + UUID.randomUUID() + "/remove", Map.of());
    forms.put(
        "/console/admin/technicians",
        Map.of("id", "4999", "name", "Forged", "phone", "2125550169"));
    forms.put("/console/admin/technicians/4821", Map.of("name", "Forged", "phone", "2125550141"));
    forms.put("/console/admin/users/" + UUID.randomUUID() + "/role", Map.of("role", "admin"));
    forms.put("/console/admin/numbers", Map.of("number", Helpdesk.HELPDESK, "flow", "hotline"));
    forms.put(preview + "/commit", Map.of());
    forms.put("/console/contacts/" + dana + "/call", Map.of());

    Map<String, Integer> answers = new LinkedHashMap<>();
    forms.forEach((path, fields) -> answers.put(path, ada.post(path, fields).statusCode()));
    int upload = ada.postFile("/console/admin/imports", "x.csv", CSV, false).statusCode();

    assertThat(answers).allSatisfy((path, status) -> assertThat(status).as(path).isEqualTo(403));
    assertThat(upload).isEqualTo(403);
    assertThat(contactsNamed("Ann") + contactsNamed("Forged")).isZero();
    assertThat(
            helpdesk.count(
                "select count(*) from contact_phone where e164 = $1",
                Tuple.of(Helpdesk.DANA_MOBILE)))
        .isEqualTo(1);
    assertThat(
            helpdesk.count("select count(*) from technician where name = 'Forged'", Tuple.tuple()))
        .isZero();
    assertThat(
            helpdesk.count(
                "select count(*) from phone_number where flow = 'hotline' and e164 = $1",
                Tuple.of(Helpdesk.HELPDESK)))
        .isZero();
  }

  @Test
  void anAdministratorsChange_isWritten_andAudited() {
    HttpResponse<String> saved =
        ada.postForm(
            "/console/admin/contacts/" + dana,
            Map.of(
                "first_name", "Dana",
                "last_name", "Reyes",
                "email", "dana@ajax.example",
                "employee_id", "1001",
                "authorised_requester", "yes",
                "language", "fr-CA"));
    HttpResponse<String> badNumber =
        ada.postForm(
            "/console/admin/contacts/" + dana + "/phones",
            Map.of("kind", "mobile", "number", "555"));

    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(
            helpdesk.query(
                "select language, authorised_requester from contact where id = $1",
                Tuple.of(UUID.fromString(dana))))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getString(0)).isEqualTo("fr-CA");
              assertThat(r.getBoolean(1)).isTrue();
            });
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where kind = 'contact-changed' and contact_id ="
                    + " $1",
                Tuple.of(UUID.fromString(dana))))
        .isEqualTo(1);
    assertThat(badNumber.statusCode()).isEqualTo(400);
    assertThat(badNumber.body()).contains("number: &#39;555&#39; is not a valid phone number");
  }

  @Test
  void production_neverServesTheOutboxOrTheBrowserPhone_evenToAnAdministrator() {
    List<Integer> answers =
        List.of(
                "/console/demo/outbox",
                "/console/demo/phone",
                "/console/demo/phone/calls/x",
                "/assets/phone.js")
            .stream()
            .map(p -> ada.get(p).statusCode())
            .toList();
    int call =
        ada.postForm("/console/demo/phone/calls", Map.of("to", Helpdesk.HELPDESK)).statusCode();

    assertThat(answers).containsOnly(404);
    assertThat(call).isEqualTo(404);
    assertThat(ada.get("/console").body()).doesNotContain("/console/demo/");
  }
}
