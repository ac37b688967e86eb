package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The phone map while a heat warning is in force for the worker's city: a readable status banner at
 * the top in the warning's colour, and a list that leads with the open, air-conditioned,
 * comfortable station (the server's order), marked as such.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WarningBannerBrowserIT {

  private static final double LAT = 37.8700;
  private static final double LON = 112.5490;

  private static Server server;
  private static Http http;
  private static String base;
  private static Path profile;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    base = "http://127.0.0.1:" + server.port();
    station("wb-plain", 112.5500, new JsonArray());
    station("wb-hot", 112.5520, new JsonArray().add("air_conditioning"));
    station("wb-cool", 112.5540, new JsonArray().add("air_conditioning"));
    publish("wb-hot", "\"temperature_c\":31.5");
    publish("wb-cool", "\"temperature_c\":25.0");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/admin/warnings")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("kind", "heat")
                            .put("level", "orange")
                            .put("city", "太原")
                            .put("from", now.minusSeconds(60).toString())
                            .put("until", now.plusSeconds(7200).toString())
                            .encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    profile = Files.createTempDirectory("yizhan-chromium");
    driver = Chromium.start(profile);
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 360, "height", 780, "deviceScaleFactor", 2, "mobile", true));
    driver.executeCdpCommand(
        "Browser.grantPermissions", Map.of("permissions", List.of("geolocation"), "origin", base));
    driver.executeCdpCommand(
        "Emulation.setGeolocationOverride",
        Map.of("latitude", LAT, "longitude", LON, "accuracy", 10));
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
    assertThat(Chromium.consoleProblems(driver)).as("browser console").isEmpty();
  }

  /** Verifies the banner's text, role and contrast, and that the suitable station leads. */
  @Test
  void theBannerSaysSoAndTheListLeadsWithTheCoolStation() throws Exception {
    driver.get(base + "/");
    driver.executeScript("localStorage.clear();");
    driver.get(base + "/");
    WebElement banner = waitForBanner();
    assertThat(banner.getText())
        .matches("高温橙色预警：(今天|\\d+月\\d+日) \\d\\d:\\d\\d.*")
        .endsWith("优先显示开着空调、室温合适的驿站");
    assertThat(banner.getDomAttribute("role")).isEqualTo("status");
    assertThat(banner.getRect().getY()).as("at the top").isLessThan(200);
    assertThat(contrast()).as("banner text against its colour").isGreaterThanOrEqualTo(4.5);
    List<WebElement> items = driver.findElements(By.cssSelector("#nearest li"));
    assertThat(items.get(0).getDomAttribute("data-station-id")).isEqualTo("wb-cool");
    assertThat(items.get(0).getText()).contains("开着空调，室温合适");
    assertThat(items.get(1).getText()).doesNotContain("开着空调，室温合适");
    MapPageBrowserIT.screenshot(driver, "warning-banner-zh.png");

    driver.get(base + "/?lang=en");
    assertThat(waitForBanner().getText())
        .startsWith("Orange heat warning: ")
        .endsWith("Stations with air conditioning on and a comfortable room come first");
    MapPageBrowserIT.screenshot(driver, "warning-banner-en.png");
  }

  private static WebElement waitForBanner() {
    return new WebDriverWait(driver, java.time.Duration.ofSeconds(20))
        .withMessage("no warning banner")
        .until(
            d -> {
              WebElement b = d.findElement(By.id("warning-banner"));
              return b.isDisplayed()
                      && !d.findElements(By.cssSelector("#nearest li .suits-warning")).isEmpty()
                  ? b
                  : null;
            });
  }

  private static double contrast() {
    Object ratio =
        driver.executeScript(
            """
            function lum(c) {
              const m = c.match(/\\d+(\\.\\d+)?/g).map(Number);
              const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92
                  : Math.pow((v + 0.055) / 1.055, 2.4); };
              return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]);
            }
            const s = getComputedStyle(document.getElementById('warning-banner'));
            const a = lum(s.color), b = lum(s.backgroundColor);
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            """);
    return ((Number) ratio).doubleValue();
  }

  private static void station(String id, double lon, JsonArray amenities) throws Exception {
    http.createStation(
        lon,
        LAT,
        new JsonObject()
            .put("id", id)
            .put("name_zh", "预警驿站" + id)
            .put("kind", "urban_rest_station")
            .put("capacity", 10)
            .put("opening_hours", "24/7")
            .put("city", "太原")
            .put("district", "小店区")
            .put("amenities", amenities));
  }

  /** A reading from a new device (interval 600 s, so it stays current) over real MQTT, QoS 1. */
  private static void publish(String stationId, String fields) throws Exception {
    JsonObject device = http.provisionDevice(stationId, 600);
    MqttClient client =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(),
            device.getString("id"),
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(device.getString("id"));
    options.setPassword(device.getString("secret").toCharArray());
    client.connect(options);
    Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MqttMessage m =
        new MqttMessage(
            ("{\"seq\":1,\"ts\":\"" + ts + "\"," + fields + "}").getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish("yz/v1/st/" + stationId + "/dev/" + device.getString("id") + "/telemetry", m);
    client.disconnect();
    client.close();
  }
}
