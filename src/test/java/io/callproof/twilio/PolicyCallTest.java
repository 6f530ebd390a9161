package io.callproof.twilio;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static io.callproof.support.Helpdesk.RANDY_PHONE;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.callproof.phone.SimulatedCall;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Company policies and risk signals over real webhooks: email codes that never give {@code
 * verified} (through a real SMTP server), authorised requesters, STIR/SHAKEN attestations that only
 * raise the bar, a recently registered phone, and withheld callers who key in who they are.
 */
class PolicyCallTest {

  private static final String TOM_MOBILE = "+12125550122";
  private static final String SAM_MOBILE = "+12125550125";
  private static final String EVE_MOBILE = "+12125550126";

  private static GreenMail smtp;
  private static Helpdesk helpdesk;

  @BeforeAll
  static void start() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    helpdesk =
        Helpdesk.start(
            Helpdesk.POLICY_TENANT,
            Map.of(
                "CALLPROOF_SMTP_HOST", "127.0.0.1",
                "CALLPROOF_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()),
                "CALLPROOF_SMTP_FROM", "helpdesk@acme-it.example",
                "CALLPROOF_SMTP_STARTTLS", "disabled"));
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
    smtp.stop();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  private static SimulatedCall call(String from) {
    return helpdesk.twilio.call(from, HELPDESK).place();
  }

  @Test
  void emailOnlyPolicy_sendsAnEmailCode_andGivesEmailVerifiedNeverVerified() throws Exception {
    int before = smtp.getReceivedMessages().length;
    SimulatedCall call = call(EVE_MOBILE);

    assertThat(String.join(" ", call.heard()))
        .contains("We have emailed a 6 digit code to your registered email address.");
    call.press(codeEmailedTo("eve@beta-law.example", before));

    assertThat(call.heard()).contains("Thank you, Eve. You are verified.");
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "email-verified")
        .containsEntry("method", "email-code")
        .containsEntry("contact", "Eve Stone")
        .containsEntry("company", "Beta Law");
    assertThat(call.whisperFor(RANDY_PHONE).get(0))
        .contains("Email verified caller: Eve Stone from Beta Law. Email is weaker than a phone.");
    assertThat(
            helpdesk.count(
                "select count(*) from verification where call_sid = $1 and status = 'verified'",
                Tuple.of(call.sid())))
        .isZero();
  }

  @Test
  void emailCode_livesAsLongAsTheCompanyPolicySays() throws Exception {
    int before = smtp.getReceivedMessages().length;
    SimulatedCall call = call(EVE_MOBILE);
    String code = codeEmailedTo("eve@beta-law.example", before);

    helpdesk.clock.advance(Duration.ofMinutes(3).plusSeconds(1));
    call.press(code);

    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "failed")
        .containsEntry("reason", "code-expired");
  }

  @Test
  void authorisedRequester_isOnTheBadge() {
    SimulatedCall dana = call(DANA_MOBILE);
    dana.press(helpdesk.codeTextedTo(DANA_MOBILE));
    SimulatedCall tom = call(TOM_MOBILE);
    tom.press(helpdesk.codeTextedTo(TOM_MOBILE));

    assertThat(dana.legs().get(0).parameters())
        .containsEntry("badge", "verified")
        .containsEntry("authorised", "yes");
    assertThat(dana.whisperFor(RANDY_PHONE).get(0)).contains("Authorised requester.");
    assertThat(tom.legs().get(0).parameters())
        .containsEntry("badge", "verified")
        .containsEntry("authorised", "no");
    assertThat(tom.whisperFor(RANDY_PHONE).get(0)).contains("Not an authorised requester.");
  }

  @Test
  void failedStirShaken_isShownAndStillNeedsACode() {
    SimulatedCall call =
        helpdesk.twilio.call(DANA_MOBILE, HELPDESK).with("StirVerstat", "TN-Validation-Failed-B");

    call.place();

    assertThat(call.state()).isEqualTo(SimulatedCall.State.GATHERING);
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "verified")
        .containsEntry("risk", "stir-failed");
    assertThat(call.whisperFor(RANDY_PHONE).get(0))
        .contains("Warning: the caller ID failed carrier validation.");
  }

  @Test
  void passedStirShaken_neverReplacesTheCode() {
    SimulatedCall call =
        helpdesk.twilio.call(DANA_MOBILE, HELPDESK).with("StirVerstat", "TN-Validation-Passed-A");

    call.place();

    assertThat(call.lastHeard()).isEqualTo("Please type the code on your keypad now.");
    call.silence().silence();
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "failed")
        .containsEntry("reason", "no-answer")
        .containsEntry("risk", "stir-passed-A");
  }

  @Test
  void recentlyRegisteredMobile_getsNoCode_andTheCallerIdBadgeSaysWhy() {
    helpdesk.query(
        "update contact_phone set registered_at = $1 where e164 = $2",
        Tuple.of(
            helpdesk.clock.instant().minus(Duration.ofDays(2)).atOffset(ZoneOffset.UTC),
            SAM_MOBILE));
    long before = helpdesk.count("select count(*) from outbox_message", Tuple.tuple());

    SimulatedCall call = call(SAM_MOBILE);

    assertThat(call.heard()).anyMatch(s -> s.contains("We cannot send you a code right now"));
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "caller-id")
        .containsEntry("reason", "no-trusted-mobile")
        .containsEntry("contact", "Sam Newman");
    assertThat(helpdesk.count("select count(*) from outbox_message", Tuple.tuple()))
        .isEqualTo(before);
  }

  @Test
  void withheldCaller_byEmployeeNumber_isSentACodeOnTheRegisteredMobile() {
    SimulatedCall call = call("Anonymous");
    assertThat(call.lastHeard()).contains("Please type your employee number");

    call.press("1001");
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));

    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "verified")
        .containsEntry("contact", "Dana Reyes")
        .containsEntry("risk", "self-identified");
  }

  @Test
  void withheldCaller_byOwnDirectNumber_isSentACodeOnTheRegisteredMobile() {
    SimulatedCall call = call("Restricted");

    call.press("2125550131");
    assertThat(String.join(" ", call.heard())).contains("Hello Dana from Ajax Dental");
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));

    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "verified")
        .containsEntry("contact", "Dana Reyes")
        .containsEntry("risk", "self-identified");
  }

  /** The code in the first email to {@code address} after the first {@code seen}, waiting. */
  private static String codeEmailedTo(String address, int seen) throws Exception {
    helpdesk.service.outboxWorker().wake();
    assertThat(smtp.waitForIncomingEmail(10_000, seen + 1)).isTrue();
    MimeMessage[] messages = smtp.getReceivedMessages();
    for (int i = seen; i < messages.length; i++) {
      if (messages[i].getAllRecipients()[0].toString().equals(address)) {
        assertThat(messages[i].getSubject()).isEqualTo("Your Acme IT helpdesk code");
        Matcher code =
            Pattern.compile("\\b([0-9]{6})\\b").matcher(GreenMailUtil.getBody(messages[i]));
        assertThat(code.find()).isTrue();
        return code.group(1);
      }
    }
    throw new AssertionError("no email to " + address);
  }
}
