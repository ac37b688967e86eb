package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.web.MapPageBrowserIT.NEAREST_ITEMS;
import static org.yizhan.web.MapPageBrowserIT.WAIT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.TestServers;

/**
 * The phone map's language (worker-map.md "What a worker sees", Language): Chinese by default,
 * {@code ?lang=en} opens it in English, and a tap on the switch is remembered for the next visit.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MapPageLanguageBrowserIT {

  private static Server server;
  private static String base;
  private static Path profile;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    server = TestServers.start(Optional.of("shanxi"));
    base = "http://127.0.0.1:" + server.port();
    profile = Files.createTempDirectory("yizhan-chromium");
    driver = MapPageBrowserIT.startPhone(profile, base);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (server != null) {
        server.close();
      }
      Chromium.deleteQuietly(profile);
    }
  }

  @AfterEach
  void noScriptErrors() {
    assertThat(MapPageBrowserIT.scriptProblems(driver)).as("browser console").isEmpty();
  }

  @Test
  void langEnInTheAddressOpensThePageInEnglish() {
    MapPageBrowserIT.openFresh(driver, base);
    awaitList("离您最近");
    assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");

    driver.get(base + "/?lang=en");
    awaitList("nearest to you");
    assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    assertThat(driver.findElement(By.id("nearest-heading")).getText())
        .isEqualTo("Nearest stations");
    assertThat(driver.findElements(NEAREST_ITEMS))
        .allSatisfy(
            li -> assertThat(li.getText()).containsPattern("about [0-9.]+ (min|h) \\(estimate\\)"));
    assertThat(driver.findElement(By.id("lang")).getText()).isEqualTo("中文");
  }

  @Test
  void aTapOnTheSwitchIsRememberedForTheNextVisit() {
    MapPageBrowserIT.openFresh(driver, base);
    awaitList("离您最近");
    driver.findElement(By.id("lang")).click();
    assertThat(driver.findElement(By.id("nearest-heading")).getText())
        .isEqualTo("Nearest stations");

    // A new visit, without anything in the address, opens in English.
    driver.get(base + "/");
    awaitList("nearest to you");
    assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    assertThat(driver.findElement(By.id("nearest-heading")).getText())
        .isEqualTo("Nearest stations");

    // And back: Chinese is remembered the same way.
    driver.findElement(By.id("lang")).click();
    driver.get(base + "/");
    awaitList("离您最近");
    assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
    assertThat(driver.findElement(By.id("nearest-heading")).getText()).isEqualTo("最近的驿站");
  }

  /** Waits for the full nearest list with its status line in the expected language. */
  private static void awaitList(String statusText) {
    new WebDriverWait(driver, WAIT)
        .withMessage(
            () ->
                "no list saying '"
                    + statusText
                    + "': "
                    + driver.findElement(By.id("nearest-status")).getText())
        .until(
            d ->
                d.findElement(By.id("nearest-status")).getText().contains(statusText)
                    && d.findElements(NEAREST_ITEMS).size() == MapPageBrowserIT.NEAREST_COUNT);
  }
}
