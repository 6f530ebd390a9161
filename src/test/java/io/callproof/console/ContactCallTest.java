package io.callproof.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.support.Await;
import io.callproof.support.FakeTwilioApi;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contact card's Call button places a verified outbound call, as the technicians' API does; the
 * events page then finds it by technician.
 */
class ContactCallTest {

  private static final String PASSWORD = "correct horse battery";

  private static Helpdesk helpdesk;
  private static ConsoleClient randy;
  private static String dana;
  private static UUID strangersContact;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.startWithPublicUrl(Helpdesk.TEST_TENANT, Map.of());
    helpdesk.query("update tenant set heads_up = false", Tuple.tuple());
    strangersContact = helpdesk.otherMspsContact();
    Await.result(
        new ConsoleUsers(helpdesk.vertx, helpdesk.service.database().pool(), new AuditTrail())
            .add(
                "acme-msp",
                "randy@acme.example",
                "Randy",
                "technician",
                "4821",
                PASSWORD,
                helpdesk.clock.instant()));
    dana =
        helpdesk
            .query("select id from contact where first_name = 'Dana'", Tuple.tuple())
            .get(0)
            .getUUID(0)
            .toString();
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
    randy = ConsoleClient.signIn(helpdesk.service.port(), "randy@acme.example", PASSWORD);
  }

  @Test
  void callButton_placesAVerifiedCallToTheRegisteredMobile_andTheEventsFindItByTechnician() {
    int before = helpdesk.twilioApi.calls().size();

    HttpResponse<String> placed = randy.postForm("/console/contacts/" + dana + "/call", Map.of());
    List<FakeTwilioApi.Placed> calls = helpdesk.twilioApi.calls();
    String randysEvents = randy.get("/console/events?technician=4821").body();
    String bobsEvents = randy.get("/console/events?technician=4790").body();

    assertThat(placed.statusCode()).isEqualTo(201);
    assertThat(placed.body()).contains("The call is placed");
    assertThat(calls).hasSize(before + 1);
    assertThat(calls.get(calls.size() - 1).to()).isEqualTo(Helpdesk.DANA_MOBILE);
    assertThat(randysEvents).contains("outbound-call-requested", "technician=4821");
    assertThat(bobsEvents).doesNotContain("outbound-call-requested");
  }

  @Test
  void callButton_forAnotherMspsContact_isNotFound_andCallsNobody() {
    int before = helpdesk.twilioApi.calls().size();

    HttpResponse<String> answer =
        randy.postForm("/console/contacts/" + strangersContact + "/call", Map.of());

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.body()).doesNotContain("Zoe");
    assertThat(helpdesk.twilioApi.calls()).hasSize(before);
  }

  @Test
  void theCallDetail_offersTheCallButton_toATechnician() {
    String sid = helpdesk.twilio.call(Helpdesk.DANA_MOBILE, Helpdesk.HELPDESK).place().sid();

    String detail = randy.get("/console/calls/" + sid).body();

    assertThat(detail).contains("action=\"/console/contacts/" + dana + "/call\"", "Call</button>");
  }
}
