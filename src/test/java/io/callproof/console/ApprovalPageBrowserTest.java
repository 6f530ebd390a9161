package io.callproof.console;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.phone.SimulatedCall;
import io.callproof.support.Browser;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The approval page in Chromium, as a contact uses it on the phone: the company's policy offers
 * push only and Dana has no enrolled phone, so the approval link comes by text.
 */
class ApprovalPageBrowserTest {

  private static Helpdesk helpdesk;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.startPublic(Map.of("CALLPROOF_METHODS", "push"));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    browser.quit();
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  private static String matchNumber(SimulatedCall call) {
    String said = call.heard().stream().filter(s -> s.contains("enter")).findFirst().orElseThrow();
    return said.replaceAll("(?s).*enter ([0-9]), ([0-9]) on it.*", "$1$2");
  }

  private static String wrong(String number) {
    return number.equals("55") ? "56" : "55";
  }

  private void typeAndApprove(String number) {
    browser.findElement(By.id("number")).clear();
    browser.findElement(By.id("number")).sendKeys(number);
    submit(By.cssSelector("button.approve"));
  }

  /** Clicks a form's button and waits until the answer has replaced the page. */
  private static void submit(By button) {
    Browser.clickAndWait(browser, browser.findElement(button));
  }

  @Test
  void rightNumber_approves_andTheCallIsVerifiedByPush() throws Exception {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    browser.get(helpdesk.linkTextedTo(DANA_MOBILE));

    String shown = browser.findElement(By.tagName("main")).getText();
    typeAndApprove(matchNumber(call));
    String result = browser.findElement(By.cssSelector(".result")).getText();
    java.nio.file.Files.write(
        java.nio.file.Path.of("target", "approval-page.png"),
        browser.getScreenshotAs(OutputType.BYTES));
    call.silence();

    assertThat(shown).contains("Dana Reyes, Ajax Dental", "a number ending 0121");
    assertThat(result).contains("Approved");
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "verified")
        .containsEntry("method", "push");
  }

  @Test
  void wrongNumberTwice_failsTheVerification() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    String right = matchNumber(call);
    browser.get(helpdesk.linkTextedTo(DANA_MOBILE));

    typeAndApprove(wrong(right));
    String first = browser.findElement(By.cssSelector(".result")).getText();
    typeAndApprove(wrong(right));
    String second = browser.findElement(By.cssSelector(".result")).getText();
    call.silence();

    assertThat(first).contains("That number is not right");
    assertThat(second).contains("was not approved");
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "failed")
        .containsEntry("reason", "wrong-number");
  }

  @Test
  void thisWasNotMe_deniesTheCall_andReportsPossibleFraud() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    browser.get(helpdesk.linkTextedTo(DANA_MOBILE));

    submit(By.cssSelector("button.deny"));
    String result = browser.findElement(By.cssSelector(".result")).getText();
    call.silence();

    assertThat(result).contains("We have told the helpdesk that this was not you");
    assertThat(call.heard()).anyMatch(s -> s.contains("refused on the registered phone"));
    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "denied")
        .containsEntry("reason", "not-me");
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where call_sid = $1"
                    + " and data->>'alert' = 'possible-fraud'",
                Tuple.of(call.sid())))
        .isEqualTo(1);
  }

  @Test
  void usedLink_showsItIsNoLongerValid() {
    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    String link = helpdesk.linkTextedTo(DANA_MOBILE);
    browser.get(link);
    typeAndApprove(matchNumber(call));

    browser.get(link);

    assertThat(browser.findElement(By.cssSelector(".result")).getText())
        .contains("not valid any more");
  }
}
