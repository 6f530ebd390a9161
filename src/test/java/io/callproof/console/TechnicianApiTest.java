package io.callproof.console;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.support.Api;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A technician verifies someone from their own tools, within their own MSP only. */
class TechnicianApiTest {

  private static Helpdesk helpdesk;
  private static Api api;
  private static String dana;
  private static String strangersContact;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start();
    String token =
        Await.result(
            ApiTokens.issue(
                helpdesk.service.database().pool(),
                new AuditTrail(),
                "acme-msp",
                "4821",
                helpdesk.clock.instant()));
    api = new Api(helpdesk.service.port(), token);
    dana = contact("Dana");
    strangersContact = helpdesk.otherMspsContact().toString();
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  private static String contact(String firstName) {
    return helpdesk
        .query("select id from contact where first_name = $1", Tuple.of(firstName))
        .get(0)
        .getUUID(0)
        .toString();
  }

  @Test
  void codeReadOut_isCheckedAndTheVerificationEndsVerified() {
    Api.Reply started =
        api.post("/api/verifications", new JsonObject().put("contact", dana).put("method", "sms"));
    String id = started.json().getString("id");
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    Api.Reply pending = api.get("/api/verifications/" + id);
    Api.Reply checked =
        api.post("/api/verifications/" + id + "/code", new JsonObject().put("code", code));

    assertThat(started.status()).isEqualTo(201);
    assertThat(started.json().getString("status")).isEqualTo("pending");
    assertThat(pending.json().getString("status")).isEqualTo("pending");
    assertThat(checked.status()).isEqualTo(200);
    assertThat(checked.json().getString("status")).isEqualTo("verified");
    assertThat(api.get("/api/verifications/" + id).json().getString("status"))
        .isEqualTo("verified");
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where kind = 'verification-started'"
                    + " and data->>'technician' = '4821'",
                Tuple.tuple()))
        .isPositive();
  }

  @Test
  void wrongCodesReadOut_useTheSameBudgetOfThree() {
    String id =
        api.post("/api/verifications", new JsonObject().put("contact", dana).put("method", "sms"))
            .json()
            .getString("id");
    helpdesk.codeTextedTo(DANA_MOBILE);

    api.post("/api/verifications/" + id + "/code", new JsonObject().put("code", "000000"));
    api.post("/api/verifications/" + id + "/code", new JsonObject().put("code", "abc"));
    Api.Reply third =
        api.post("/api/verifications/" + id + "/code", new JsonObject().put("code", "111111"));

    assertThat(third.json().getString("status")).isEqualTo("failed");
    assertThat(third.json().getString("reason")).isEqualTo("wrong-codes");
  }

  @Test
  void anotherTenantsContactAndVerification_areNotFound() {
    Api.Reply start =
        api.post("/api/verifications", new JsonObject().put("contact", strangersContact));
    Api.Reply enrol = api.post("/api/contacts/" + strangersContact + "/enrolment", null);
    Api.Reply status = api.get("/api/verifications/" + UUID.randomUUID());

    assertThat(start.status()).isEqualTo(404);
    assertThat(enrol.status()).isEqualTo(404);
    assertThat(status.status()).isEqualTo(404);
  }

  @Test
  void withoutAToken_orWithAMadeUpOne_nothingIsAnswered() {
    Api.Reply none =
        new Api(helpdesk.service.port(), null)
            .post("/api/verifications", new JsonObject().put("contact", dana));
    Api.Reply madeUp =
        new Api(helpdesk.service.port(), "x".repeat(43))
            .post("/api/verifications", new JsonObject().put("contact", dana));

    assertThat(none.status()).isEqualTo(401);
    assertThat(madeUp.status()).isEqualTo(401);
  }

  @Test
  void disabledContact_isRefusedAtOnce() {
    Api.Reply refused =
        api.post("/api/verifications", new JsonObject().put("contact", contact("Pat")));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().getString("status")).isEqualTo("failed");
    assertThat(refused.json().getString("reason")).isEqualTo("contact-disabled");
  }

  @Test
  void badRequest_saysWhatIsWrong() {
    Api.Reply noContact = api.post("/api/verifications", new JsonObject());
    Api.Reply badMethod =
        api.post("/api/verifications", new JsonObject().put("contact", dana).put("method", "fax"));

    assertThat(noContact.status()).isEqualTo(400);
    assertThat(noContact.json().getString("error")).contains("'contact'");
    assertThat(badMethod.status()).isEqualTo(400);
    assertThat(badMethod.json().getString("error")).contains("push, sms or email");
  }
}
