package io.callproof.console;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.phone.SimulatedCall;
import io.callproof.support.Await;
import io.callproof.support.Browser;
import io.callproof.support.Helpdesk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The technician console in Chromium: signing in, live calls, verifying someone. */
class ConsoleBrowserTest {

  private static final String PASSWORD = "correct horse battery";

  private static Helpdesk helpdesk;
  private static ChromeDriver browser;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start();
    ConsoleUsers users =
        new ConsoleUsers(helpdesk.vertx, helpdesk.service.database().pool(), new AuditTrail());
    Await.result(
        users.add(
            "acme-msp",
            "randy@acme.example",
            "Randy Smith",
            "technician",
            "4821",
            PASSWORD,
            helpdesk.clock.instant()));
    Await.result(
        users.add(
            "acme-msp",
            "locked@acme.example",
            "Lee Locked",
            "technician",
            null,
            PASSWORD,
            helpdesk.clock.instant()));
    base = "http://127.0.0.1:" + helpdesk.service.port();
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
    browser.manage().deleteAllCookies();
  }

  /** Waits up to 15 s; a live card that the feed redraws between two reads is read again. */
  private WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private void signIn(String email, String password) {
    browser.get(base + "/console/sign-in");
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(password);
    Browser.clickAndWait(browser, browser.findElement(By.cssSelector("form.sign-in button")));
  }

  @Test
  void signIn_withTheRightPassword_opensLiveCalls_andSignOutEndsTheSession() {
    signIn("randy@acme.example", PASSWORD);
    String title = browser.findElement(By.tagName("h1")).getText();
    Browser.clickAndWait(browser, browser.findElement(By.cssSelector(".signout button")));
    browser.get(base + "/console");

    assertThat(title).isEqualTo("Live calls");
    assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
  }

  @Test
  void signIn_afterFiveWrongPasswords_isLockedEvenWithTheRightOne() {
    for (int i = 0; i < ConsoleUsers.MAX_FAILURES; i++) {
      signIn("locked@acme.example", "wrong password " + i);
    }
    signIn("locked@acme.example", PASSWORD);

    assertThat(browser.findElement(By.cssSelector(".problem")).getText()).contains("locked");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
  }

  @Test
  void liveCalls_showACallAsItComesIn_andItsBadgeTurnsVerifiedWhenTheCodeIsTyped()
      throws Exception {
    signIn("randy@acme.example", PASSWORD);
    waiting()
        .until(d -> "open".equals(d.findElement(By.tagName("body")).getAttribute("data-stream")));

    SimulatedCall call = helpdesk.twilio.call(DANA_MOBILE, HELPDESK).place();
    By card = By.id("call-" + call.sid());
    waiting().until(ExpectedConditions.presenceOfElementLocated(card));
    String before = waiting().until(d -> d.findElement(card).getText());
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));
    waiting().until(d -> "verified".equals(d.findElement(card).getAttribute("data-badge")));
    String after = waiting().until(d -> d.findElement(card).getText());
    screenshot("console-live-calls-phone.png");
    browser.manage().window().setSize(new Dimension(1280, 800));
    screenshot("console-live-calls.png");
    browser.manage().window().setSize(new Dimension(390, 844));

    Browser.clickAndWait(browser, browser.findElement(card).findElement(By.tagName("a")));
    String detail = browser.findElement(By.tagName("main")).getText();

    assertThat(detail).contains("Dana Reyes", "Ajax Dental", "call-routed");
    assertThat(before).contains("PENDING", "Dana Reyes, Ajax Dental", "***0121");
    assertThat(after).contains("VERIFIED", "sms-code").doesNotContain("+12125550121");
  }

  @Test
  void verifySomeone_fromTheConsole_showsTheCodeReadOutAsVerified() {
    signIn("randy@acme.example", PASSWORD);
    browser.get(base + "/console/verify?q=dana");
    Browser.clickAndWait(browser, browser.findElement(By.cssSelector("button[data-method=sms]")));
    String pending = browser.findElement(By.id("status")).getText();
    browser.findElement(By.id("code")).sendKeys(helpdesk.codeTextedTo(DANA_MOBILE));
    Browser.clickAndWait(
        browser, browser.findElement(By.cssSelector("form[action$='/code'] button")));

    assertThat(pending).isEqualTo("pending");
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("verified");
  }

  private static void screenshot(String name) throws Exception {
    Files.write(Path.of("target", name), browser.getScreenshotAs(OutputType.BYTES));
  }
}
