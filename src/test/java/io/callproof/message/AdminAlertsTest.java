package io.callproof.message;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static io.callproof.support.Helpdesk.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.callproof.audit.AuditTrail;
import io.callproof.console.ConsoleUsers;
import io.callproof.phone.SimulatedCall;
import io.callproof.support.Api;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts reach the tenant's administrators by email, through the outbox and a real SMTP server: a
 * push refused as "this was not me", a hotline caller with a made-up technician ID, a contact
 * locked out. Technicians are not mailed, and no email holds a full phone number. The policy offers
 * push only, and Dana has no enrolled phone, so her approval link comes by text.
 */
class AdminAlertsTest {

  private static final String HOTLINE = "+12125550113";
  private static final String ADMIN = "alex@acme-it.example";
  private static final String TECHNICIAN = "randy@acme-it.example";

  private static GreenMail smtp;
  private static Helpdesk helpdesk;
  private int seen;

  @BeforeAll
  static void start() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    helpdesk =
        Helpdesk.startWithPublicUrl(
            Helpdesk.TEST_TENANT,
            Map.of(
                "CALLPROOF_METHODS", "push",
                "CALLPROOF_SMTP_HOST", "127.0.0.1",
                "CALLPROOF_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()),
                "CALLPROOF_SMTP_FROM", "callproof@acme-it.example",
                "CALLPROOF_SMTP_STARTTLS", "disabled"));
    ConsoleUsers users =
        new ConsoleUsers(helpdesk.vertx, helpdesk.service.database().pool(), new AuditTrail());
    Await.result(
        users.add(
            "acme-msp",
            ADMIN,
            "Alex Admin",
            "admin",
            null,
            "a-long-admin-password",
            helpdesk.clock.instant()));
    Await.result(
        users.add(
            "acme-msp",
            TECHNICIAN,
            "Randy Smith",
            "technician",
            "4821",
            "a-long-technician-password",
            helpdesk.clock.instant()));
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
    smtp.stop();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
    seen = smtp.getReceivedMessages().length;
  }

  /** Dana calls the helpdesk and says "this was not me" on the approval page she was texted. */
  private SimulatedCall danaDeniesThePush() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    String path = URI.create(helpdesk.linkTextedTo(DANA_MOBILE)).getPath();
    Api.Reply page =
        new Api(helpdesk.service.port(), null)
            .postRaw(path, "application/x-www-form-urlencoded", "action=deny");
    assertThat(page.status()).isEqualTo(200);
    call.silence();
    return call;
  }

  /** Every email that arrived since the test began, waiting until there are {@code count}. */
  private List<MimeMessage> emails(int count) throws Exception {
    helpdesk.service.outboxWorker().wake();
    assertThat(smtp.waitForIncomingEmail(10_000, seen + count)).isTrue();
    MimeMessage[] all = smtp.getReceivedMessages();
    List<MimeMessage> since = new ArrayList<>();
    for (int i = seen; i < all.length; i++) {
      since.add(all[i]);
    }
    return since;
  }

  private static String to(MimeMessage email) throws Exception {
    return email.getAllRecipients()[0].toString();
  }

  @Test
  void deniedPush_mailsTheAdministrators_withTheCallerMasked() throws Exception {
    SimulatedCall call = danaDeniesThePush();

    List<MimeMessage> emails = emails(1);

    assertThat(call.legs().get(0).parameters()).containsEntry("badge", "denied");
    assertThat(emails).hasSize(1);
    MimeMessage email = emails.get(0);
    String body = GreenMailUtil.getBody(email);
    assertThat(to(email)).isEqualTo(ADMIN);
    assertThat(email.getSubject())
        .isEqualTo(
            "Callproof alert for Acme IT: Possible fraud: a push approval was refused (\"this was"
                + " not me\")");
    assertThat(body)
        .contains("Calling number: ending 0121")
        .contains("Contact: Dana Reyes, Ajax Dental")
        .contains("Call: " + call.sid())
        .doesNotContain("2125550121");
  }

  @Test
  void hotlineCallerWithAMadeUpTechnicianId_mailsTheAdministrators() throws Exception {
    SimulatedCall call = helpdesk.twilio.call(UNKNOWN, HOTLINE).place();
    call.silence();
    call.press("7777");
    call.press("2");

    List<MimeMessage> emails = emails(1);

    assertThat(emails).extracting(AdminAlertsTest::to).containsExactly(ADMIN);
    String body = GreenMailUtil.getBody(emails.get(0));
    assertThat(emails.get(0).getSubject()).contains("Possible impersonation");
    assertThat(body)
        .contains("Reason: unknown-technician")
        .contains("Calling number: ending 0177")
        .doesNotContain("2125550177");
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where call_sid = $1 and kind = 'hotline-no-call'",
                Tuple.of(call.sid())))
        .isEqualTo(1);
  }

  @Test
  void thirdDeniedPush_locksTheContact_andMailsTheLockToo() throws Exception {
    danaDeniesThePush();
    danaDeniesThePush();
    danaDeniesThePush();

    List<MimeMessage> emails = emails(4);

    List<String> subjects = new ArrayList<>();
    for (MimeMessage email : emails) {
      subjects.add(email.getSubject());
    }
    assertThat(subjects).filteredOn(s -> s.contains("Possible fraud")).hasSize(3);
    MimeMessage lock =
        emails.stream()
            .filter(e -> GreenMailUtil.getBody(e).contains("Locked for"))
            .findFirst()
            .orElseThrow();
    assertThat(lock.getSubject())
        .isEqualTo(
            "Callproof alert for Acme IT: A contact is locked out after repeated failed"
                + " verifications");
    assertThat(GreenMailUtil.getBody(lock))
        .contains("Locked for: 15 minutes")
        .contains("Contact: Dana Reyes, Ajax Dental")
        .contains("unlock acme-msp " + helpdesk.contactId("1001"));
  }
}
