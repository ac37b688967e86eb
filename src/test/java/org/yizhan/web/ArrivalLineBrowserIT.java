package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.StoredHistory;
import org.yizhan.testing.TestServers;

/**
 * Verifies that the phone map shows free seats on arrival for a station with four weeks of stored
 * history, in the nearest list and on the station page, and says there is not enough history for a
 * station without, in Chinese and in English.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ArrivalLineBrowserIT {

  private static final String KNOWN = "st-arrival-known";
  private static final String NEW = "st-arrival-new";

  private static Server server;
  private static String baseUrl;
  private static Path profileDir;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    server = TestServers.start(Optional.empty());
    Http http = new Http(server.port());
    http.createStation(KNOWN, "有历史驿站", 112.5490, 37.8707);
    http.createStation(NEW, "新驿站", 112.5500, 37.8710);
    Instant now = Instant.now();
    StoredHistory.readings(
        server.database().dataSource(), KNOWN, now.minus(Duration.ofDays(29)), now, 3);
    server.arrival().refresh();
    baseUrl = "http://127.0.0.1:" + server.port();
    profileDir = Files.createTempDirectory("yizhan-chromium");
    driver = MapPageBrowserIT.startPhone(profileDir, baseUrl);
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
      Chromium.deleteQuietly(profileDir);
    }
  }

  @Test
  void theListAndTheStationPageSayHowManySeatsWillBeFreeOrThatHistoryIsMissing() {
    MapPageBrowserIT.openFresh(driver, baseUrl);
    assertArrivalLine(KNOWN, "到达时约 7 个空位");
    assertArrivalLine(NEW, "历史数据不足，无法预测");

    driver.findElement(By.cssSelector("#nearest li[data-station-id='" + KNOWN + "'] a")).click();
    By onPage = By.cssSelector(".st-live .arrival");
    new WebDriverWait(driver, MapPageBrowserIT.WAIT)
        .withMessage("the station page shows no arrival line")
        .until(d -> !d.findElements(onPage).isEmpty());
    assertThat(driver.findElement(onPage).getText()).startsWith("到达时约 7 个空位");

    driver.get(baseUrl + "/?lang=en");
    assertArrivalLine(KNOWN, "About 7 free seats when you arrive");
    assertArrivalLine(NEW, "Not enough history to predict");
    assertThat(MapPageBrowserIT.scriptProblems(driver)).as("browser console").isEmpty();
  }

  /**
   * Waits until the nearest list shows a station's arrival line starting with {@code expected} (the
   * list may be drawn more than once: from the saved answer, then from the server's).
   */
  private static void assertArrivalLine(String id, String expected) {
    By line = By.cssSelector("#nearest li[data-station-id='" + id + "'] .arrival");
    new WebDriverWait(driver, MapPageBrowserIT.WAIT)
        .ignoring(StaleElementReferenceException.class)
        .withMessage(
            () ->
                "no arrival line \""
                    + expected
                    + "\" for "
                    + id
                    + " in: "
                    + driver.findElement(By.id("nearest")).getText())
        .until(d -> d.findElements(line).stream().anyMatch(e -> e.getText().startsWith(expected)));
  }
}
