package io.callproof.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.app.Callproof;
import io.callproof.app.Settings;
import io.callproof.audit.AuditTrail;
import io.callproof.support.Await;
import io.callproof.support.Browser;
import io.callproof.support.TestDatabase;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Demo mode in Chromium: the browser phone plays a call into the webhooks, the outbox page shows
 * the code it texted, and typing that code on the keypad verifies the caller.
 */
class DemoPagesBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final Pattern CODE = Pattern.compile("code is ([0-9]{6})");

  private static Vertx vertx;
  private static TestDatabase database;
  private static Callproof service;
  private static ChromeDriver browser;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    database = TestDatabase.create(vertx);
    Path data = Files.createTempDirectory("callproof-demo");
    service =
        Await.result(
            Callproof.start(
                vertx,
                Settings.from(
                    Map.of(
                        "CALLPROOF_DB_URL",
                        database.url(),
                        "CALLPROOF_HTTP_HOST",
                        "127.0.0.1",
                        "CALLPROOF_HTTP_PORT",
                        "0",
                        "CALLPROOF_DATA_DIR",
                        data.toString())),
                Clock.systemUTC()));
    Await.result(
        new ConsoleUsers(vertx, service.database().pool(), new AuditTrail())
            .add(
                "secure-it",
                "tech@secure-it.example",
                "Terry Tech",
                "technician",
                null,
                PASSWORD,
                Clock.systemUTC().instant()));
    base = "http://127.0.0.1:" + service.port();
    browser = Browser.start();
    browser.get(base + "/console/sign-in");
    browser.findElement(By.id("email")).sendKeys("tech@secure-it.example");
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    Browser.clickAndWait(browser, browser.findElement(By.cssSelector("form.sign-in button")));
  }

  @AfterAll
  static void stop() {
    browser.quit();
    Await.result(service.stop());
    database.drop(vertx);
    Await.result(vertx.close());
  }

  /** Reloads the outbox page until it holds a code, and returns it. */
  private static String codeInTheOutbox() {
    return new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(
            d -> {
              d.get(base + "/console/demo/outbox");
              Matcher m = CODE.matcher(d.findElement(By.id("messages")).getText());
              return m.find() ? m.group(1) : null;
            });
  }

  @Test
  void browserPhone_playsACall_theOutboxShowsTheCode_andTypingItVerifiesTheCaller()
      throws Exception {
    String nav = browser.findElement(By.tagName("nav")).getText();
    browser.get(base + "/console/demo/phone");
    screenshot("demo-phone-phone.png");
    Browser.clickAndWait(browser, browser.findElement(By.cssSelector("form.admin-form button")));
    String callPage = browser.getCurrentUrl();
    String askedWhy = browser.findElement(By.id("heard")).getText();
    Browser.clickAndWait(browser, browser.findElement(By.id("silence")));
    String asked = browser.findElement(By.id("heard")).getText();

    String code = codeInTheOutbox();
    String outbox = browser.findElement(By.tagName("main")).getText();
    screenshot("demo-outbox-phone.png");
    browser.manage().window().setSize(new Dimension(1280, 900));
    screenshot("demo-outbox.png");
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(callPage);
    for (char key : code.toCharArray()) {
      browser.findElement(By.cssSelector("button.key[data-key='" + key + "']")).click();
    }
    String typed = browser.findElement(By.id("digits")).getAttribute("value");
    screenshot("demo-keypad-phone.png");
    Browser.clickAndWait(browser, browser.findElement(By.id("send")));
    String state = browser.findElement(By.id("line-state")).getText();
    String heard = browser.findElement(By.id("heard")).getText();
    String legs = browser.findElement(By.id("legs")).getText();
    browser.manage().window().setSize(new Dimension(1280, 900));
    screenshot("demo-phone.png");
    browser.manage().window().setSize(new Dimension(390, 844));

    assertThat(nav).contains("Outbox", "Browser phone");
    assertThat(askedWhy).contains("tell us why you are calling");
    assertThat(asked).containsIgnoringCase("code");
    assertThat(outbox).contains("+13125550121", "Secure IT: your helpdesk code is " + code);
    assertThat(typed).isEqualTo(code);
    assertThat(state).startsWith("ringing").contains("client randy");
    assertThat(heard).isNotEqualTo(asked);
    assertThat(legs).contains("randy", "badge=verified", "method=sms-code");
  }

  @Test
  void browserPhone_refusesANumberThatIsNotTheTenants() {
    browser.get(base + "/console/demo/phone");
    browser.executeScript(
        "var o = document.createElement('option'); o.value = '+19995550000';"
            + " o.textContent = 'elsewhere'; document.getElementById('to').appendChild(o);"
            + " document.getElementById('to').value = '+19995550000';");

    Browser.clickAndWait(browser, browser.findElement(By.cssSelector("form.admin-form button")));

    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
  }

  private static void screenshot(String name) throws Exception {
    Files.write(Path.of("target", name), browser.getScreenshotAs(OutputType.BYTES));
  }
}
