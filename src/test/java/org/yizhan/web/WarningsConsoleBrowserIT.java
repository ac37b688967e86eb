package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The console's Warnings view in a real headless Chromium: a super admin sets a heat warning for 太原
 * through the form, and the view lists the too-hot station of the city (not the cool one, nor the
 * station of another city); a city that does not exist is refused next to its field.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WarningsConsoleBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String USER = "root-warnings";
  private static final String PASSWORD = "warnings-view-2026-pw";

  private static Server server;
  private static Http http;
  private static String baseUrl;
  private static Path profileDir;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    server = TestServers.start(Optional.empty());
    baseUrl = "http://127.0.0.1:" + server.port();
    http = new Http(server.port());
    JsonObject body =
        new JsonObject().put("username", USER).put("role", "super_admin").put("password", PASSWORD);
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/accounts")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    station("wc-hot", "太原", 112.55);
    station("wc-cool", "太原", 112.56);
    station("wc-dt-hot", "大同", 113.30);
    publish("wc-hot", "\"temperature_c\":33.0");
    publish("wc-cool", "\"temperature_c\":24.0");
    publish("wc-dt-hot", "\"temperature_c\":34.0");
    profileDir = Files.createTempDirectory("yizhan-chromium");
    driver = Chromium.start(profileDir);
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

  @AfterEach
  void noScriptErrors() {
    assertThat(Chromium.consoleProblems(driver)).as("browser console").isEmpty();
  }

  /** Verifies that a warning set in the view lists the too-hot station of the warned city. */
  @Test
  void aHeatWarningListsTheTooHotStationOfTheWarnedCity() throws Exception {
    driver.get(baseUrl + "/admin/#/warnings");
    logIn();
    waitVisible(By.id("warning-form"));
    WebElement city = driver.findElement(By.cssSelector("#warning-form input[name='city']"));
    city.sendKeys("太原市");
    driver.findElement(By.cssSelector("#warning-form button[type='submit']")).click();
    new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .withMessage("the unknown city was not refused at its field")
        .until(d -> d.findElement(By.id("warning-form")).getText().contains("太原"));
    assertThat(driver.findElement(By.id("warning-form")).getText()).contains("city");

    city.clear();
    city.sendKeys("太原");
    driver.findElement(By.cssSelector("#warning-form button[type='submit']")).click();
    By hot = By.cssSelector("#warnings-attention section[data-city='太原'] li");
    new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .withMessage("the too-hot station never listed")
        .until(d -> !d.findElements(hot).isEmpty());
    java.util.Map<String, String> listed = new java.util.HashMap<>();
    for (WebElement row : driver.findElements(hot)) {
      listed.put(row.getDomAttribute("data-station-id"), row.getText());
    }
    assertThat(listed).containsKey("wc-hot").doesNotContainKey("wc-dt-hot");
    assertThat(listed.get("wc-hot")).contains("室内过热 33°C");
    // the cool station is listed only for another reason (its device left: offline)
    assertThat(listed.getOrDefault("wc-cool", "")).doesNotContain("过热");
    assertThat(driver.findElement(By.id("warnings-list")).getText()).contains("高温 · 橙色", "生效中");
    MapPageBrowserIT.screenshot(driver, "admin-warnings.png");
  }

  private static void logIn() {
    waitVisible(By.id("login-form"));
    driver.findElement(By.id("login-username")).sendKeys(USER);
    driver.findElement(By.id("login-password")).sendKeys(PASSWORD + Keys.ENTER);
    new WebDriverWait(driver, WAIT)
        .withMessage("log-in did not finish")
        .until(d -> d.findElement(By.id("nav")).isDisplayed());
  }

  private static WebElement waitVisible(By by) {
    return new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .withMessage(() -> by + " never appeared")
        .until(
            d ->
                d.findElements(by).stream()
                    .filter(WebElement::isDisplayed)
                    .findFirst()
                    .orElse(null));
  }

  private static void station(String id, String city, double lon) throws Exception {
    http.createStation(
        lon,
        37.87,
        new JsonObject()
            .put("id", id)
            .put("name_zh", "控制台驿站" + id)
            .put("kind", "urban_rest_station")
            .put("capacity", 10)
            .put("opening_hours", "24/7")
            .put("city", city)
            .put("amenities", new JsonArray().add("air_conditioning")));
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
