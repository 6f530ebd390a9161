package io.callproof.asterisk;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.support.AgiPeer;
import io.callproof.support.Api;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller on Asterisk waits for a push approval in hold segments ({@code WAIT FOR DIGIT}) and
 * learns of the answer at the next segment, wherever it was given: the approval lives in the
 * database, not on the node holding the call. Dana has no enrolled phone and the policy offers push
 * only, so the approval link comes by text.
 */
class AsteriskPushApprovalTest {

  private static Helpdesk helpdesk;

  @BeforeAll
  static void start() throws Exception {
    helpdesk =
        Helpdesk.withAsterisk(
            Map.of("CALLPROOF_METHODS", "push", "CALLPROOF_PUBLIC_URL", "https://callproof.test"));
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  private String matchNumber(AgiPeer call) {
    int at = call.heard().indexOf("callproof/en-US/push-sent-0");
    return call.heard().get(at + 1).replace("digits:", "");
  }

  /** Answers the approval page as the contact would, on whichever node serves it. */
  private int answerPage(String form) {
    String path = URI.create(helpdesk.linkTextedTo(DANA_MOBILE)).getPath();
    return new Api(helpdesk.service.port(), null)
        .postRaw(path, "application/x-www-form-urlencoded", form)
        .status();
  }

  @Test
  void approvalGivenWhileOnHold_isHeardAtTheNextSegment_andRoutesVerifiedByPush()
      throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    String segment = call.until(c -> c.startsWith("WAIT FOR DIGIT"));
    call.reply("200 result=0");
    call.until(c -> c.startsWith("WAIT FOR DIGIT"));

    int page = answerPage("action=approve&number=" + matchNumber(call));
    call.reply("200 result=0");
    call.toEnd();

    assertThat(segment).isEqualTo("WAIT FOR DIGIT 3000");
    assertThat(page).isEqualTo(200);
    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "verified")
        .containsEntry("CALLPROOF_METHOD", "push");
  }

  @Test
  void starDuringTheHold_switchesToATextedCode() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    helpdesk.linkTextedTo(DANA_MOBILE);
    call.until(c -> c.startsWith("WAIT FOR DIGIT"));

    call.reply("200 result=42");
    call.untilGetData();
    call.reply("200 result=" + helpdesk.codeTextedTo(DANA_MOBILE));
    call.toEnd();

    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "verified")
        .containsEntry("CALLPROOF_METHOD", "sms-code");
  }

  @Test
  void notMe_onThePage_routesTheCallDenied() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    call.until(c -> c.startsWith("WAIT FOR DIGIT"));

    answerPage("action=deny");
    call.reply("200 result=0");
    call.toEnd();

    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "denied")
        .containsEntry("CALLPROOF_REASON", "not-me");
  }

  @Test
  void hangUpDuringTheHold_endsTheCall_andAnApprovalAfterwardsIsRecordedAndDoesNothingElse()
      throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    call.until(c -> c.startsWith("WAIT FOR DIGIT"));
    String match = matchNumber(call);
    call.hangUp().toEnd();
    Await.until(
        () -> "ended".equals(helpdesk.callStatus(call.callSid())) ? true : null,
        Duration.ofSeconds(10),
        "the call to be closed");

    int page = answerPage("action=approve&number=" + match);

    assertThat(page).isEqualTo(404);
    assertThat(helpdesk.callStatus(call.callSid())).isEqualTo("ended");
    assertThat(
            helpdesk
                .query(
                    "select v.status, c.badge->>'badge' from verification v join call c"
                        + " on c.tenant_id = v.tenant_id and c.call_sid = v.call_sid"
                        + " where v.call_sid = $1",
                    Tuple.of(call.callSid()))
                .get(0)
                .toJson()
                .encode())
        .contains("abandoned")
        .doesNotContain("\"verified\"");
    assertThat(
            helpdesk
                .query(
                    "select data->>'result', data->>'answer' from audit_event"
                        + " where call_sid = $1 and kind = 'approval-checked'",
                    Tuple.of(call.callSid()))
                .stream()
                .map(r -> r.getString(0) + " " + r.getString(1))
                .toList())
        .containsExactly("after-call-ended approved");
    assertThat(call.variables()).doesNotContainKey("CALLPROOF_BADGE");
    assertThat(helpdesk.auditKinds(call.callSid()))
        .doesNotContain("call-routed")
        .containsSubsequence("verification-decided", "call-ended", "approval-checked");
  }
}
