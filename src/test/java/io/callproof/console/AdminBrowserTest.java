package io.callproof.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.support.Await;
import io.callproof.support.Browser;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/** The administration in Chromium: importing contacts from CSV, editing a contact. */
class AdminBrowserTest {

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
            "ada@acme.example",
            "Ada Admin",
            "admin",
            "4821",
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
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(base + "/console/sign-in");
    browser.findElement(By.id("email")).sendKeys("ada@acme.example");
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    Browser.clickAndWait(browser, browser.findElement(By.cssSelector("form.sign-in button")));
  }

  private static long contacts(String firstName) {
    return helpdesk.count(
        "select count(*) from contact where first_name = $1", Tuple.of(firstName));
  }

  @Test
  void importingACsvWithErrors_showsThem_importsNothing_thenOnlyTheValidRowsWhenAsked()
      throws Exception {
    Path file = Files.createTempFile("contacts", ".csv");
    Files.writeString(
        file,
        "Organization Name,First Name,Last Name,Email Address,Mobile Phone,Language\n"
            + "Ajax Dental,Una,Valid,una@ajax.example,(212) 555-0171,fr-CA\n"
            + "Ajax Dental,Vic,Badnumber,vic@ajax.example,555-01,\n"
            + "Nowhere Ltd,Wes,Nocompany,wes@ajax.example,,\n"
            + "Ajax Dental,Xan,Dupe,dana@ajax.example,,\n");
    browser.get(base + "/console/admin/imports");
    browser.findElement(By.id("file")).sendKeys(file.toString());
    Browser.clickAndWait(browser, browser.findElement(By.cssSelector("form.admin-form button")));
    String problems = browser.findElement(By.id("problems")).getText();
    boolean plainImportOffered =
        !browser.findElements(By.cssSelector("form.commit button:not(#import-valid)")).isEmpty();
    screenshot("admin-import-preview-phone.png");
    browser.manage().window().setSize(new Dimension(1280, 900));
    screenshot("admin-import-preview.png");

    long beforeChoosing = contacts("Una");
    Browser.clickAndWait(browser, browser.findElement(By.id("import-valid")));
    String done = browser.findElement(By.id("imported")).getText();

    assertThat(problems)
        .contains(
            "row 3, Mobile Phone: '555-01' is not a valid phone number",
            "row 4, Organization Name: 'Nowhere Ltd' is not one of this MSP's companies",
            "row 5, Email Address: 'dana@ajax.example' belongs to an existing contact");
    assertThat(plainImportOffered).isFalse();
    assertThat(beforeChoosing).isZero();
    assertThat(done).contains("1 contact");
    assertThat(contacts("Una")).isEqualTo(1);
    assertThat(contacts("Vic") + contacts("Wes") + contacts("Xan")).isZero();
    List<Row> una =
        helpdesk.query(
            "select c.language, p.e164, p.registered_at from contact c join contact_phone p"
                + " on p.tenant_id = c.tenant_id and p.contact_id = c.id where c.first_name ="
                + " 'Una'",
            Tuple.tuple());
    assertThat(una).hasSize(1);
    assertThat(una.get(0).getString("language")).isEqualTo("fr-CA");
    assertThat(una.get(0).getString("e164")).isEqualTo("+12125550171");
    assertThat(una.get(0).getOffsetDateTime("registered_at").toInstant())
        .isEqualTo(helpdesk.clock.instant());
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where kind = 'contact-imported'", Tuple.tuple()))
        .isEqualTo(1);
  }

  @Test
  void anAdministrator_editsAContact_andTheChangeIsSavedAndAudited() throws Exception {
    browser.get(base + "/console/admin/contacts?q=tom");
    Browser.clickAndWait(browser, browser.findElement(By.linkText("Tom Okafor")));
    browser.findElement(By.id("email")).clear();
    browser.findElement(By.id("email")).sendKeys("tom.okafor@ajax.example");
    browser.findElement(By.id("authorised_requester")).click();
    browser.findElement(By.cssSelector("#language option[value='fr-CA']")).click();
    Browser.clickAndWait(
        browser, browser.findElement(By.cssSelector("form.admin-form button[type=submit]")));
    browser.findElement(By.id("number")).sendKeys("212 555 0172");
    Browser.clickAndWait(
        browser, browser.findElement(By.cssSelector("form.inline-form button[type=submit]")));
    String page = browser.findElement(By.tagName("main")).getText();
    screenshot("admin-contact-phone.png");
    browser.manage().window().setSize(new Dimension(1280, 900));
    screenshot("admin-contact.png");

    Row tom =
        helpdesk
            .query(
                "select email, authorised_requester, language from contact"
                    + " where first_name = 'Tom'",
                Tuple.tuple())
            .get(0);

    assertThat(tom.getString("email")).isEqualTo("tom.okafor@ajax.example");
    assertThat(tom.getBoolean("authorised_requester")).isTrue();
    assertThat(tom.getString("language")).isEqualTo("fr-CA");
    assertThat(page).contains("***0172");
    assertThat(
            helpdesk.count(
                "select count(*) from audit_event where kind in ('contact-changed',"
                    + " 'contact-phone-added')",
                Tuple.tuple()))
        .isEqualTo(2);
  }

  @Test
  void theAdministrationPages_renderAtBothWidths() throws Exception {
    for (String page : List.of("companies", "technicians", "numbers", "imports")) {
      browser.manage().window().setSize(new Dimension(390, 844));
      browser.get(base + "/console/admin/" + page);
      screenshot("admin-" + page + "-phone.png");
      browser.manage().window().setSize(new Dimension(1280, 900));
      screenshot("admin-" + page + ".png");

      assertThat(browser.findElement(By.tagName("h1")).getText()).isNotEqualTo("Not found");
    }
  }

  private static void screenshot(String name) throws Exception {
    Files.write(Path.of("target", name), browser.getScreenshotAs(OutputType.BYTES));
  }
}
