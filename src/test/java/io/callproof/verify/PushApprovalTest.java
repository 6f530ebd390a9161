package io.callproof.verify;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.console.ApiTokens;
import io.callproof.phone.SimulatedCall;
import io.callproof.push.LocalPushService;
import io.callproof.push.PushSubscription;
import io.callproof.support.Api;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Push approval with number matching, end to end: a technician has Dana's phone enrolled (the link
 * goes by text to her registered mobile), a local push service stands for her phone's vendor and
 * decrypts what Callproof sends, and the caller waits in hold segments.
 */
class PushApprovalTest {

  private static Helpdesk helpdesk;
  private static LocalPushService phone;
  private static Api api;
  private static String dana;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.startPublic(Map.of());
    phone = Await.result(LocalPushService.start(helpdesk.vertx));
    String token =
        Await.result(
            ApiTokens.issue(
                helpdesk.service.database().pool(),
                new AuditTrail(),
                "acme-msp",
                "4821",
                helpdesk.clock.instant()));
    api = new Api(helpdesk.service.port(), token);
    dana =
        helpdesk
            .query("select id from contact where first_name = 'Dana'", Tuple.tuple())
            .get(0)
            .getUUID(0)
            .toString();
  }

  @AfterAll
  static void stop() {
    Await.result(phone.close());
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  private PushSubscription enrolDanasPhone() {
    assertThat(api.post("/api/contacts/" + dana + "/enrolment", null).status()).isEqualTo(202);
    String link = helpdesk.linkTextedTo(DANA_MOBILE);
    PushSubscription subscription = phone.subscribe(Helpdesk.VAPID.publicKeyBase64Url());

    Api.Reply enrolled = api.postRaw(link, "application/json", subscription.toJson().encode());

    assertThat(enrolled.status()).isEqualTo(201);
    return subscription;
  }

  private static String matchNumber(SimulatedCall call) {
    String said = call.heard().stream().filter(s -> s.contains("enter")).findFirst().orElseThrow();
    return said.replaceAll("(?s).*enter ([0-9]), ([0-9]) on it.*", "$1$2");
  }

  private JsonObject nextPush(int before) {
    helpdesk.service.outboxWorker().wake();
    LocalPushService.Received push =
        Await.until(
            () -> phone.received().size() > before ? phone.received().get(before) : null,
            Duration.ofSeconds(10),
            "a push to Dana's phone");
    return new JsonObject(new String(push.payload(), StandardCharsets.UTF_8));
  }

  @Test
  void enrolledPhone_approvesWithTheRightNumber_andTheCallerReachesATechnicianVerified() {
    enrolDanasPhone();
    int before = phone.received().size();
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    assertThat(call.heard()).anyMatch(s -> s.contains("sent an approval request to your phone"));
    JsonObject push = nextPush(before);

    Api.Reply page =
        api.postRaw(
            push.getString("url"),
            "application/x-www-form-urlencoded",
            "action=approve&number=" + matchNumber(call));
    call.silence();

    assertThat(page.status()).isEqualTo(200);
    assertThat(push.getString("title")).isEqualTo("Acme IT helpdesk");
    assertThat(call.state()).isEqualTo(SimulatedCall.State.DIALLING);
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "verified")
        .containsEntry("method", "push");
    assertThat(helpdesk.auditKinds(call.sid()))
        .contains("approval-sent", "approval-checked", "verification-decided", "call-routed");
  }

  @Test
  void waitingCaller_isHeldInSegmentsThatListenForStar_andStarSendsACodeInstead() {
    enrolDanasPhone();
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    String hold = call.lastReply().body();

    call.silence();
    assertThat(call.state()).isEqualTo(SimulatedCall.State.GATHERING);
    call.press("*");
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));

    assertThat(hold).contains("numDigits=\"1\"").contains("finishOnKey=\"\"");
    assertThat(call.heard()).anyMatch(s -> s.contains("texted a 6 digit code"));
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "verified")
        .containsEntry("method", "sms-code");
  }

  @Test
  void approvalNotAnsweredInTwoMinutes_failsAsExpired() {
    enrolDanasPhone();
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();

    helpdesk.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
    call.silence();

    assertThat(call.heard()).anyMatch(s -> s.contains("approval request has expired"));
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "failed")
        .containsEntry("reason", "approval-expired");
  }

  @Test
  void phoneThatUnsubscribed_isDroppedWhenThePushServiceSaysGone() {
    PushSubscription subscription = enrolDanasPhone();
    phone.unsubscribe(subscription);

    helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();

    Await.until(
        () ->
            helpdesk.count(
                        "select count(*) from push_device where removed_at is not null",
                        Tuple.tuple())
                    > 0
                ? true
                : null,
        Duration.ofSeconds(10),
        "the gone device to be dropped");
  }

  @Test
  void enrolmentLink_worksOnce() {
    assertThat(api.post("/api/contacts/" + dana + "/enrolment", null).status()).isEqualTo(202);
    String link = helpdesk.linkTextedTo(DANA_MOBILE);
    String subscription = phone.subscribe(Helpdesk.VAPID.publicKeyBase64Url()).toJson().encode();

    assertThat(api.postRaw(link, "application/json", subscription).status()).isEqualTo(201);
    assertThat(api.postRaw(link, "application/json", subscription).status()).isEqualTo(404);
  }

  @Test
  void enrolment_isRefusedForAContactWhoseOnlyMobileIsNewlyRegistered() {
    helpdesk.query(
        "update contact_phone set registered_at = $1 where e164 = '+12125550122'",
        Tuple.of(
            helpdesk.clock.instant().minus(Duration.ofDays(2)).atOffset(java.time.ZoneOffset.UTC)));
    String tom =
        helpdesk
            .query("select id from contact where first_name = 'Tom'", Tuple.tuple())
            .get(0)
            .getUUID(0)
            .toString();

    Api.Reply refused = api.post("/api/contacts/" + tom + "/enrolment", null);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().getString("reason")).isEqualTo("no-trusted-mobile");
  }

  @Test
  void enrolmentPage_tellsIphoneUsersToAddItToTheHomeScreenFirst() throws Exception {
    assertThat(api.post("/api/contacts/" + dana + "/enrolment", null).status()).isEqualTo(202);
    String link = helpdesk.linkTextedTo(DANA_MOBILE);

    java.net.http.HttpResponse<String> page =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Add to Home Screen").contains("iPhone");
  }
}
