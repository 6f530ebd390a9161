package io.callproof.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.support.Api;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The administrators' JSON API: the import's preview and commit, and changing a contact. */
class AdminApiTest {

  private static Helpdesk helpdesk;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start();
    Await.result(
        new ConsoleUsers(helpdesk.vertx, helpdesk.service.database().pool(), new AuditTrail())
            .add(
                "acme-msp",
                "ada@acme.example",
                "Ada",
                "admin",
                "4821",
                "correct horse battery",
                helpdesk.clock.instant()));
    api =
        new Api(
            helpdesk.service.port(),
            Await.result(
                ApiTokens.issue(
                    helpdesk.service.database().pool(),
                    new AuditTrail(),
                    "acme-msp",
                    "4821",
                    helpdesk.clock.instant())));
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  private static long contacts(String firstName) {
    return helpdesk.count(
        "select count(*) from contact where first_name = $1", Tuple.of(firstName));
  }

  @Test
  void anImportWithProblems_isRefusedWhole_untilOnlyTheValidRowsAreAskedFor() {
    Api.Reply uploaded =
        api.postRaw(
            "/api/imports?file_name=mixed.csv",
            "text/csv",
            "company,first_name,last_name,mobile,disabled\n"
                + "Ajax Dental,Quin,Good,2125550181,no\n"
                + "Ajax Dental,Rae,Bad,2125550182,perhaps\n");
    String id = uploaded.json().getString("id");

    Api.Reply whole = api.post("/api/imports/" + id + "/commit", new JsonObject());
    long afterRefusal = contacts("Quin");
    Api.Reply valid =
        api.post("/api/imports/" + id + "/commit", new JsonObject().put("only_valid", true));
    Api.Reply again =
        api.post("/api/imports/" + id + "/commit", new JsonObject().put("only_valid", true));
    Api.Reply preview = api.get("/api/imports/" + id);

    assertThat(uploaded.status()).isEqualTo(201);
    assertThat(uploaded.json().getInteger("rows")).isEqualTo(2);
    assertThat(uploaded.json().getInteger("valid")).isEqualTo(1);
    assertThat(uploaded.json().getJsonArray("problems").getJsonObject(0).getMap())
        .containsEntry("row", 3)
        .containsEntry("column", "disabled");
    assertThat(whole.status()).isEqualTo(422);
    assertThat(afterRefusal).isZero();
    assertThat(valid.status()).isEqualTo(200);
    assertThat(valid.json().getInteger("imported")).isEqualTo(1);
    assertThat(valid.json().getInteger("skipped")).isEqualTo(1);
    assertThat(again.status()).isEqualTo(409);
    assertThat(preview.json().getBoolean("imported")).isTrue();
    assertThat(contacts("Quin")).isEqualTo(1);
    assertThat(contacts("Rae")).isZero();
  }

  @Test
  void patchingAContact_changesOnlyTheFieldsGiven_andRefusesABadOne() {
    String tom =
        helpdesk
            .query("select id from contact where first_name = 'Tom'", Tuple.tuple())
            .get(0)
            .getUUID(0)
            .toString();

    Api.Reply changed =
        api.patch("/api/contacts/" + tom, new JsonObject().put("language", "fr-CA"));
    Api.Reply refused =
        api.patch("/api/contacts/" + tom, new JsonObject().put("language", "klingon"));
    Api.Reply unknown =
        api.patch(
            "/api/contacts/" + java.util.UUID.randomUUID(), new JsonObject().put("disabled", true));

    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().getString("language")).isEqualTo("fr-CA");
    assertThat(changed.json().getString("last_name")).isEqualTo("Okafor");
    assertThat(changed.json().getJsonArray("phones").getJsonObject(0).getString("number"))
        .startsWith("***");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getString("error"))
        .isEqualTo("language: 'klingon' is not a language (expected en-US or fr-CA)");
    assertThat(unknown.status()).isEqualTo(404);
  }
}
