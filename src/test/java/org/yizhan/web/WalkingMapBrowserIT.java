package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.config.RoutingConfig;
import org.yizhan.routing.RiverTownAccess;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The phone map with a walking network (worker-map.md): the list is in walking-time order and a
 * walk along streets reads "步行 N 分钟", without the estimate's "约 … （估算）".
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WalkingMapBrowserIT {

  private static Server server;
  private static Path profile;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    Path dir = Files.createTempDirectory("yizhan-walk-map");
    Path osm = RiverTownAccess.write(dir);
    server =
        TestServers.start(
            Optional.empty(),
            c -> c.withRouting(new RoutingConfig(Optional.of(osm), Optional.of(dir.resolve("g")))));
    Http http = new Http(server.port());
    for (Map.Entry<String, double[]> e : RiverTownAccess.places().entrySet()) {
      http.createStation(e.getKey(), "站 " + e.getKey(), e.getValue()[1], e.getValue()[0]);
    }
    String base = "http://127.0.0.1:" + server.port();
    profile = Files.createTempDirectory("yizhan-chromium");
    driver = MapPageBrowserIT.startPhone(profile, base);
    double[] worker = RiverTownAccess.worker();
    driver.executeCdpCommand(
        "Emulation.setGeolocationOverride",
        Map.of("latitude", worker[0], "longitude", worker[1], "accuracy", 10));
    // the import runs beside the start: the first answers may still be estimates
    new WebDriverWait(driver, java.time.Duration.ofSeconds(60))
        .until(
            d -> {
              try {
                return http.get(
                        "/api/v1/stations/nearby?limit=1&lat=" + worker[0] + "&lon=" + worker[1])
                    .body()
                    .contains("\"walking_source\":\"network\"");
              } catch (Exception ex) {
                return false;
              }
            });
    MapPageBrowserIT.openFresh(driver, base);
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

  /** Verifies that the list leads with the station nearest on foot and says "步行 N 分钟". */
  @Test
  void listSaysNetworkWalksPlainlyInWalkingOrder() {
    List<WebElement> items =
        new WebDriverWait(driver, MapPageBrowserIT.WAIT)
            .until(
                d -> {
                  List<WebElement> li = d.findElements(MapPageBrowserIT.NEAREST_ITEMS);
                  return li.size() == 4 ? li : null;
                });
    String first = items.get(0).getText();
    assertThat(first)
        .contains("站 same-bank")
        .containsPattern("· 步行 [0-9]+ 分钟")
        .doesNotContain("估算");
    List<String> ids = MapPageBrowserIT.listedIds(driver);
    assertThat(ids.indexOf("across")).isGreaterThan(ids.indexOf("same-bank"));
    assertThat(MapPageBrowserIT.scriptProblems(driver)).as("browser console").isEmpty();
  }

  /**
   * Verifies that a station's page, with a walking network, walks as the list does and draws the
   * station's 15-minute walking area on the map when asked.
   */
  @Test
  void stationPageShowsItsWalkingAreaOnTheMap() {
    List<WebElement> items =
        new WebDriverWait(driver, MapPageBrowserIT.WAIT)
            .until(
                d -> {
                  List<WebElement> li = d.findElements(MapPageBrowserIT.NEAREST_ITEMS);
                  return li.size() == 4 ? li : null;
                });
    items.get(0).findElement(org.openqa.selenium.By.tagName("a")).click();
    WebElement button =
        new WebDriverWait(driver, MapPageBrowserIT.WAIT)
            .until(
                org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(
                    org.openqa.selenium.By.cssSelector(".st-area-button")));
    assertThat(driver.findElement(org.openqa.selenium.By.cssSelector(".st-distance")).getText())
        .containsPattern("步行 [0-9]+ 分钟")
        .doesNotContain("估算");
    assertThat(button.getSize().getHeight()).isGreaterThanOrEqualTo(44);
    Long before =
        (Long)
            driver.executeScript(
                "return document.querySelectorAll('.leaflet-overlay-pane path').length;");
    button.click();
    new WebDriverWait(driver, MapPageBrowserIT.WAIT)
        .until(
            d ->
                (Long)
                        driver.executeScript(
                            "return document.querySelectorAll('.leaflet-overlay-pane path').length;")
                    > before);
    assertThat(
            (Boolean)
                driver.executeScript("return document.getElementById('station').hidden === true;"))
        .as("the station page closed to show the map")
        .isTrue();
    assertThat(MapPageBrowserIT.scriptProblems(driver)).as("browser console").isEmpty();
  }
}
