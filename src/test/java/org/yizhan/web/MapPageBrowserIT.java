package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The map page at {@code /} in a real headless Chromium against a real server with the Shanxi demo
 * network. Every host except 127.0.0.1 is unresolvable, so base-map tiles never load: the page must
 * work without them.
 */
class MapPageBrowserIT {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Central Taiyuan, where the emulated device says the user is. */
  private static final String USER_LAT = "37.8706";

  private static final String USER_LON = "112.5489";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final By NEAREST_ITEMS = By.cssSelector("#nearest li");
  private static final String DISTANCE = "\\d+(\\.\\d)? (m|km)";

  private static final String COUNT_MARKERS =
      "return document.querySelectorAll('.leaflet-overlay-pane svg path.leaflet-interactive')"
          + ".length;";

  /** A viewport point inside the map that hits neither a marker nor a control, or null. */
  private static final String FIND_EMPTY_MAP_POINT =
      """
      const box = document.getElementById('map').getBoundingClientRect();
      for (let fy = 0.35; fy <= 0.65; fy += 0.02) {
        for (let fx = 0.35; fx <= 0.65; fx += 0.02) {
          const x = Math.round(box.left + box.width * fx);
          const y = Math.round(box.top + box.height * fy);
          const hit = document.elementFromPoint(x, y);
          if (hit && hit.closest('#map')
              && !hit.closest('path, .leaflet-control, .leaflet-popup, .leaflet-tooltip')) {
            return [x, y];
          }
        }
      }
      return null;
      """;

  private static Server server;
  private static Http http;
  private static String baseUrl;
  private static Path profileDir;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    server = TestServers.start(Optional.of("shanxi"));
    http = new Http(server.port());
    baseUrl = "http://127.0.0.1:" + server.port();
    profileDir = Files.createTempDirectory("yizhan-chromium");
    driver = Chromium.start(profileDir);
    driver.executeCdpCommand(
        "Browser.grantPermissions",
        Map.of("permissions", List.of("geolocation"), "origin", baseUrl));
    driver.executeCdpCommand(
        "Emulation.setGeolocationOverride",
        Map.of(
            "latitude",
            Double.parseDouble(USER_LAT),
            "longitude",
            Double.parseDouble(USER_LON),
            "accuracy",
            10));
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
  void showsStationMarkersAndListsTheFiveNearestToTheUser() throws Exception {
    int provinceMarkers = openMapAndWaitForMarkers();

    driver.findElement(By.id("near-me")).click();
    List<WebElement> items = waitForFiveNearest();

    WebElement list = driver.findElement(By.id("nearest"));
    assertThat(list.getDomAttribute("data-lat")).isEqualTo(USER_LAT);
    assertThat(list.getDomAttribute("data-lon")).isEqualTo(USER_LON);
    assertThat(stationIds(items)).containsExactlyElementsOf(apiNearestIds(USER_LAT, USER_LON));
    assertThat(items).allSatisfy(li -> assertThat(li.getText()).containsPattern(DISTANCE));

    // the map zooms to the user and reloads the stations for the smaller view
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "markers were not reloaded for the new view; status: " + statusText())
        .until(d -> markerCount() < provinceMarkers);
    screenshot("map-page.png");
  }

  @Test
  void aReadingFromAStationDeviceUpdatesTheListLiveWithoutReloading() throws Exception {
    openMapAndWaitForMarkers();
    driver.findElement(By.id("near-me")).click();
    List<WebElement> items = waitForFiveNearest();
    String stationId = stationIds(items).get(0);
    int capacity =
        new JsonObject(http.get("/api/v1/stations/" + stationId).body())
            .getJsonObject("properties")
            .getInteger("capacity");
    HttpResponse<String> dev =
        http.send(
            http.admin("/api/v1/devices")
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"station_id\":\"" + stationId + "\"}")));
    JsonObject device = new JsonObject(dev.body());
    var client =
        new org.eclipse.paho.client.mqttv3.MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(),
            device.getString("id"),
            new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
    var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    options.setUserName(device.getString("id"));
    options.setPassword(device.getString("secret").toCharArray());
    client.connect(options);
    String ts =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    var reading =
        new org.eclipse.paho.client.mqttv3.MqttMessage(
            ("{\"seq\":1,\"ts\":\"" + ts + "\",\"occupancy\":1,\"temperature_c\":24.5}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    reading.setQos(1);
    client.publish(
        "yz/v1/st/" + stationId + "/dev/" + device.getString("id") + "/telemetry", reading);
    client.disconnect();

    By live = By.cssSelector("#nearest li[data-station-id='" + stationId + "'] .live");
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "live values did not arrive: " + driver.findElement(live).getText())
        .until(
            d -> d.findElement(live).getText().contains("空位 " + (capacity - 1) + "/" + capacity));
    assertThat(driver.findElement(live).getText()).contains("24.5 °C").contains("秒前");
    // Updated in place: still the same five items, the list was not rebuilt.
    assertThat(stationIds(driver.findElements(NEAREST_ITEMS)))
        .containsExactlyElementsOf(stationIds(items));
    screenshot("map-page-live.png");
  }

  @Test
  void clickingTheMapListsTheFiveStationsNearestToTheClickedPoint() throws Exception {
    openMapAndWaitForMarkers();
    screenshot("map-page-initial.png");

    @SuppressWarnings("unchecked")
    List<Number> point = (List<Number>) driver.executeScript(FIND_EMPTY_MAP_POINT);
    assertThat(point).as("a spot on the map without a marker").isNotNull();
    new Actions(driver)
        .moveToLocation(point.get(0).intValue(), point.get(1).intValue())
        .click()
        .perform();
    List<WebElement> items = waitForFiveNearest();

    WebElement list = driver.findElement(By.id("nearest"));
    String lat = list.getDomAttribute("data-lat");
    String lon = list.getDomAttribute("data-lon");
    assertThat(Double.parseDouble(lat)).as("clicked latitude, in Shanxi").isBetween(34.0, 41.5);
    assertThat(Double.parseDouble(lon)).as("clicked longitude, in Shanxi").isBetween(109.5, 115.0);
    assertThat(lat).isNotEqualTo(USER_LAT);
    assertThat(stationIds(items)).containsExactlyElementsOf(apiNearestIds(lat, lon));
    assertThat(items).allSatisfy(li -> assertThat(li.getText()).containsPattern(DISTANCE));
    screenshot("map-page-clicked.png");
  }

  /** Loads the page and returns how many station markers it drew for the initial view. */
  private static int openMapAndWaitForMarkers() {
    driver.get(baseUrl + "/");
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "station markers never appeared; status: " + statusText())
        .until(d -> markerCount() > 100);
    int count = markerCount();
    assertThat(count).isGreaterThan(100);
    return count;
  }

  private static int markerCount() {
    return ((Number) driver.executeScript(COUNT_MARKERS)).intValue();
  }

  private static List<WebElement> waitForFiveNearest() {
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "the nearest list never filled; " + nearestStatusText())
        .until(d -> d.findElements(NEAREST_ITEMS).size() == 5);
    return driver.findElements(NEAREST_ITEMS);
  }

  private static List<String> stationIds(List<WebElement> items) {
    return items.stream().map(li -> li.getDomAttribute("data-station-id")).toList();
  }

  /** The server's own answer for the same point, the order the page must show. */
  private static List<String> apiNearestIds(String lat, String lon) throws Exception {
    HttpResponse<String> response =
        http.get("/api/v1/stations/nearby?lat=" + lat + "&lon=" + lon + "&limit=5");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonArray features = new JsonObject(response.body()).getJsonArray("features");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      ids.add(features.getJsonObject(i).getJsonObject("properties").getString("id"));
    }
    assertThat(ids).hasSize(5);
    return ids;
  }

  private static String statusText() {
    return driver.findElements(By.id("status")).stream()
        .map(WebElement::getText)
        .findFirst()
        .orElse("(no #status element)");
  }

  private static String nearestStatusText() {
    return driver.findElements(By.id("nearest-status")).stream()
        .map(WebElement::getText)
        .findFirst()
        .orElse("(no #nearest-status element)");
  }

  private static void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
