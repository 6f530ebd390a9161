package io.callproof.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real Chromium, headless, driven through Debian's chromedriver. Browser tests need both
 * installed ({@code apt-get install chromium chromium-driver}; {@code .ci/run} does it): where they
 * are missing the tests fail rather than pass unseen.
 */
public final class Browser {

  private Browser() {}

  /**
   * Clicks something that submits a form or follows a link, and waits until the new page has
   * loaded: the old page's window is marked first, and the wait ends when a page without the mark
   * is complete. Reading the page right after a click could otherwise read the old one.
   */
  public static void clickAndWait(ChromeDriver browser, WebElement element) {
    browser.executeScript("window.callproofOldPage = true;");
    element.click();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .ignoring(WebDriverException.class)
        .until(
            d ->
                Boolean.TRUE.equals(
                    browser.executeScript(
                        "return window.callproofOldPage === undefined"
                            + " && document.readyState === 'complete';")));
  }

  /** A fresh browser with its own empty profile. */
  public static ChromeDriver start() throws IOException {
    Path profile = Files.createTempDirectory("callproof-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=390,844",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
            .build();
    return new ChromeDriver(service, options);
  }
}
