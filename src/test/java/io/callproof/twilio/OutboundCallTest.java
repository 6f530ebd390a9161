package io.callproof.twilio;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.RANDY_PHONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.console.ApiTokens;
import io.callproof.support.Api;
import io.callproof.support.Await;
import io.callproof.support.FakeTwilioApi;
import io.callproof.support.Helpdesk;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A technician calls a contact through Callproof: the call goes only to the contact's registered
 * number, from the MSP's number, through the Calls API; the contact hears who calls and how to
 * check the call before the technician is connected.
 */
class OutboundCallTest {

  private static final String MSP_NUMBER = "+12125550100";

  private static Helpdesk helpdesk;
  private static Api api;
  private static String dana;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.startWithPublicUrl(Helpdesk.TEST_TENANT, Map.of());
    String token =
        Await.result(
            ApiTokens.issue(
                helpdesk.service.database().pool(),
                new AuditTrail(),
                "acme-msp",
                "4821",
                helpdesk.clock.instant()));
    api = new Api(helpdesk.service.port(), token);
    dana = helpdesk.contactId("1001").toString();
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
    helpdesk.query("update tenant set heads_up = false", Tuple.tuple());
  }

  private FakeTwilioApi.Placed placeCallToDana() {
    int before = helpdesk.twilioApi.calls().size();
    Api.Reply reply = api.post("/api/calls", new JsonObject().put("contact", dana));
    assertThat(reply.status()).isEqualTo(201);
    List<FakeTwilioApi.Placed> calls = helpdesk.twilioApi.calls();
    assertThat(calls).hasSize(before + 1);
    return calls.get(calls.size() - 1);
  }

  private static Map<String, String> answeredParams(FakeTwilioApi.Placed placed, String status) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", Helpdesk.ACCOUNT_SID);
    params.put("ApiVersion", "2010-04-01");
    params.put("CallSid", placed.sid());
    params.put("CallStatus", status);
    params.put("Direction", "outbound-api");
    params.put("From", placed.from());
    params.put("To", placed.to());
    return params;
  }

  @Test
  void placeCall_dialsTheContactsRegisteredMobileFromTheMspsNumber_andRecordsIt() {
    FakeTwilioApi.Placed placed = placeCallToDana();

    assertThat(placed.to()).isEqualTo(DANA_MOBILE);
    assertThat(placed.from()).isEqualTo(MSP_NUMBER);
    assertThat(placed.url())
        .matches("http://127\\.0\\.0\\.1:[0-9]+/twilio/voice/outbound\\?call=.+");
    assertThat(placed.statusCallback()).contains("/twilio/voice/outbound/status?call=");
    Row row =
        helpdesk
            .query(
                "select technician_id, to_number, status, line_call_id from outbound_call"
                    + " order by placed_at desc limit 1",
                Tuple.tuple())
            .get(0);
    assertThat(row.getString("technician_id")).isEqualTo("4821");
    assertThat(row.getString("to_number")).isEqualTo(DANA_MOBILE);
    assertThat(row.getString("status")).isEqualTo("placed");
    assertThat(row.getString("line_call_id")).isEqualTo(placed.sid());
    List<Row> events =
        helpdesk.query(
            "select kind, data->>'to' from audit_event where kind like 'outbound-call-%'"
                + " order by id desc limit 2",
            Tuple.tuple());
    assertThat(events)
        .extracting(r -> r.getString(0))
        .containsExactly("outbound-call-placed", "outbound-call-requested");
    assertThat(events.get(1).getString(1)).isEqualTo("***0121");
  }

  @Test
  void placeCall_withANumberInTheRequest_isRefusedAndNothingIsPlaced() {
    int before = helpdesk.twilioApi.calls().size();
    long rows = helpdesk.count("select count(*) from outbound_call", Tuple.tuple());

    Api.Reply reply =
        api.post("/api/calls", new JsonObject().put("contact", dana).put("number", "+12125550177"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getString("error")).contains("registered number");
    assertThat(helpdesk.twilioApi.calls()).hasSize(before);
    assertThat(helpdesk.count("select count(*) from outbound_call", Tuple.tuple())).isEqualTo(rows);
  }

  @Test
  void placeCall_toAnUnknownContact_isNotFound() {
    Api.Reply reply =
        api.post(
            "/api/calls", new JsonObject().put("contact", java.util.UUID.randomUUID().toString()));

    assertThat(reply.status()).isEqualTo(404);
  }

  @Test
  void answeredCall_announcesTheTechnicianAndTheHotline_thenDialsTheTechnician() {
    FakeTwilioApi.Placed placed = placeCallToDana();

    var reply = helpdesk.twilio.post(placed.url(), answeredParams(placed, "in-progress"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body())
        .contains(
            "This is Randy Smith from Acme IT. To check this call is genuine, hang up and call"
                + " Acme IT's verification line on 1, 2, 1, 2, 5, 5, 5, 0, 1, 1, 3.")
        .contains("<Identity>randy</Identity>")
        .contains("<Number>" + RANDY_PHONE + "</Number>");
    assertThat(reply.body().indexOf("<Say")).isLessThan(reply.body().indexOf("<Dial"));
  }

  @Test
  void answeredCall_withAForgedSignature_isRefused() {
    FakeTwilioApi.Placed placed = placeCallToDana();

    var reply =
        helpdesk.twilio.post(placed.url(), answeredParams(placed, "in-progress"), "bm90IGl0");

    assertThat(reply.status()).isEqualTo(403);
  }

  @Test
  void headsUp_textsTheRegisteredMobileAsTheCallStarts() {
    helpdesk.query("update tenant set heads_up = true", Tuple.tuple());

    placeCallToDana();

    assertThat(helpdesk.nextTextTo(DANA_MOBILE).body())
        .contains("Randy Smith from Acme IT is calling you now");
  }

  @Test
  void statusCallback_recordsHowTheCallEnded() {
    FakeTwilioApi.Placed placed = placeCallToDana();

    var reply = helpdesk.twilio.post(placed.statusCallback(), answeredParams(placed, "completed"));

    assertThat(reply.status()).isEqualTo(204);
    assertThat(
            helpdesk
                .query(
                    "select status from outbound_call where line_call_id = $1",
                    Tuple.of(placed.sid()))
                .get(0)
                .getString(0))
        .isEqualTo("completed");
  }
}
