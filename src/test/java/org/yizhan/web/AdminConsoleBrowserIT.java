package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The admin console at {@code /admin/} in a real headless Chromium against a real server, logged in
 * as a station admin who runs one district of Taiyuan. Every host except 127.0.0.1 is unresolvable.
 * Each test stands alone, in any order: one that counts a whole district's fleet gets a district,
 * stations, devices and an admin of its own, so devices other tests provision, connect or disable
 * never reach its counts.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AdminConsoleBrowserIT {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static final String USER = "ops-ty";
  private static final String PASSWORD = "yingze-district-2026";
  private static final String CITY = "太原市";

  /** Two stations in the admin's district, one in the next district (not theirs). */
  private static final String MINE_1 = "ty-yingze-1";

  private static final String MINE_2 = "ty-yingze-2";
  private static final String OTHERS = "ty-xiaodian-1";

  /** Hours before now of the stored readings at MINE_1, one per hour bucket. */
  private static final int[] READING_HOURS_AGO = {1, 2, 3, 5, 8, 13};

  private static Server server;
  private static Http http;
  private static String baseUrl;
  private static Path profileDir;
  private static ChromeDriver driver;
  private static long otherAlertId;

  /** Numbers the districts tests make for themselves, so each one's ids are new. */
  private static final AtomicInteger WORLDS = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    baseUrl = "http://127.0.0.1:" + server.port();
    createStation(MINE_1, "迎泽一号驿站", "Yingze No. 1", 112.5631, 37.8632, "迎泽区");
    createStation(MINE_2, "迎泽二号驿站", null, 112.5702, 37.8551, "迎泽区");
    createStation(OTHERS, "小店驿站", null, 112.5650, 37.7360, "小店区");
    provision(MINE_1, "dev-yz-1");
    provision(MINE_2, "dev-yz-2");
    provision(OTHERS, "dev-xd-1");
    createStationAdmin(USER, "迎泽区");
    otherAlertId = insertOpenAlert(OTHERS, "dev-xd-1");
    insertReadings(MINE_1);
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

  /** Fails the test on any script error or missing translation the page logged. */
  @AfterEach
  void noScriptErrors() {
    assertThat(Chromium.consoleProblems(driver)).as("browser console").isEmpty();
  }

  @Test
  void aWrongPasswordShowsAnErrorAndKeepsTheLoginForm() throws Exception {
    openFresh("");
    waitVisible(By.id("login-form"));
    assertThat(driver.findElement(By.id("nav")).isDisplayed()).isFalse();

    type(By.id("login-username"), USER);
    type(By.id("login-password"), "not-the-password" + Keys.ENTER);

    WebElement error = waitVisible(By.id("login-error"));
    assertThat(error.getText()).isEqualTo("用户名或密码错误。");
    assertThat(driver.findElement(By.id("login-form")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("nav")).isDisplayed()).isFalse();
    screenshot("admin-login-error.png");
  }

  @Test
  void aStationAdminSeesTheirFleetAcknowledgesTheirAlertAndSwitchesToEnglish() throws Exception {
    // A district of this test's own: two stations, two silent devices, one open alert.
    String n = Integer.toString(WORLDS.incrementAndGet());
    String district = "杏花岭区";
    String user = "ops-xhl-" + n;
    String station1 = "ty-xhl-" + n + "-1";
    String station2 = "ty-xhl-" + n + "-2";
    String device1 = "dev-xhl-" + n + "-1";
    String device2 = "dev-xhl-" + n + "-2";
    createStation(station1, "杏花岭一号驿站", null, 112.5700, 37.8800, district);
    createStation(station2, "杏花岭二号驿站", null, 112.5750, 37.8850, district);
    provision(station1, device1);
    provision(station2, device2);
    createStationAdmin(user, district);
    long myAlertId = insertOpenAlert(station1, device1);
    openFresh("");
    logIn(user, PASSWORD);

    // Fleet: only the two devices of the admin's district, neither has reported yet.
    waitForText(By.cssSelector(".tile[data-state='never_seen'] .tile-count"), "2");
    for (String state : List.of("online", "late", "offline", "disabled")) {
      assertThat(text(By.cssSelector(".tile[data-state='" + state + "'] .tile-count")))
          .as(state)
          .isEqualTo("0");
    }
    assertThat(text(By.id("fleet-total"))).contains("2");
    assertThat(text(By.id("fleet-place-table")))
        .contains(district)
        .doesNotContain("迎泽区")
        .doesNotContain("小店区");
    assertThat(text(By.id("fleet-as-of"))).isNotBlank();
    screenshot("admin-fleet.png");
    // A tablet held upright: the page reflows instead of scrolling sideways.
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1180));
    try {
      new WebDriverWait(driver, WAIT)
          .withMessage("the page is wider than a tablet screen")
          .until(
              d ->
                  (Boolean)
                      driver.executeScript(
                          "return document.documentElement.scrollWidth"
                              + " <= document.documentElement.clientWidth;"));
      screenshot("admin-fleet-tablet.png");
    } finally {
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }

    // Alerts: theirs, not the other district's; acknowledge it.
    driver.findElement(By.cssSelector("#nav a[data-nav='alerts']")).click();
    By rows = By.cssSelector("#alert-table tbody tr");
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "the alert inbox never filled; status: " + statusText())
        .until(d -> !d.findElements(rows).isEmpty());
    assertThat(driver.findElements(rows))
        .extracting(r -> r.getDomAttribute("data-alert-id"))
        .containsExactly(Long.toString(myAlertId));
    WebElement row = driver.findElement(rows);
    assertThat(row.getText()).contains(station1).contains(device1).contains("设备离线");
    row.findElement(By.cssSelector("button.ack-button")).click();
    By acked = By.cssSelector("#alert-table tr[data-alert-id='" + myAlertId + "']");
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "the alert was not shown acknowledged; status: " + statusText())
        .until(d -> "true".equals(d.findElement(acked).getDomAttribute("data-acknowledged")));
    assertThat(text(acked)).contains(user + " 已确认");
    assertThat(driver.findElement(acked).findElements(By.cssSelector("button.ack-button")))
        .isEmpty();

    JsonObject mine = alertById(myAlertId);
    assertThat(mine.getString("acknowledged_by")).isEqualTo(user);
    assertThat(mine.getString("acknowledged_at")).isNotNull();
    assertThat(alertById(otherAlertId).getString("acknowledged_at")).isNull();
    screenshot("admin-alerts.png");

    // English, remembered.
    driver.findElement(By.id("lang-toggle")).click();
    waitForText(By.cssSelector("#nav a[data-nav='alerts']"), "Alerts");
    assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    assertThat(text(By.cssSelector("#view h2"))).isEqualTo("Alerts");
    waitForText(By.cssSelector("#alert-table thead"), "Severity");
    assertThat(text(acked)).contains("acknowledged by " + user);
    assertThat(text(By.id("lang-toggle"))).isEqualTo("中文");

    driver.findElement(By.cssSelector("#nav a[data-nav='devices']")).click();
    By deviceRows = By.cssSelector("#device-table tbody tr");
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "the device table never filled; status: " + statusText())
        .until(d -> d.findElements(deviceRows).size() == 2);
    assertThat(driver.findElements(deviceRows))
        .extracting(r -> r.getDomAttribute("data-device-id"))
        .containsExactly(device1, device2);
    WebElement first = driver.findElements(deviceRows).get(0);
    assertThat(first.getText()).contains(station1).contains("never seen");
    assertThat(text(By.cssSelector("#device-table thead")))
        .contains("Last seen")
        .contains("Battery")
        .contains("Clock skew");
    assertThat(text(By.id("devices-summary"))).startsWith("1–2 of 2 devices");
    screenshot("admin-devices-en.png");

    driver.navigate().refresh();
    waitForText(By.cssSelector("#nav a[data-nav='devices']"), "Devices");
    assertThat(text(By.cssSelector("#view h2"))).isEqualTo("Devices");
  }

  @Test
  void theStationPageChartsHistoryAndRefusesToOverwriteAChangeMadeMeanwhile() throws Exception {
    openFresh("#/stations/" + MINE_1);
    logIn();

    // History: one 15-minute and one hourly bucket per stored reading, avg and max lines.
    WebElement occupancy = waitVisible(By.cssSelector("#chart-occupancy svg"));
    assertThat(occupancy.getDomAttribute("data-points"))
        .isEqualTo(Integer.toString(2 * READING_HOURS_AGO.length));
    assertThat(
            driver
                .findElement(By.cssSelector("#chart-temperature svg"))
                .getDomAttribute("data-points"))
        .isEqualTo(Integer.toString(3 * READING_HOURS_AGO.length));
    assertThat(text(By.id("history-summary"))).startsWith(READING_HOURS_AGO.length + " 条读数");
    // Readings an hour or more apart are isolated 15-minute buckets: dots, no connecting line.
    assertThat(countIn("#chart-occupancy svg .series circle")).isEqualTo(12);
    assertThat(countIn("#chart-occupancy svg .series path")).isZero();
    driver.findElement(By.cssSelector("button[data-range='week']")).click();
    new WebDriverWait(driver, WAIT)
        .until(
            d ->
                "week"
                    .equals(d.findElement(By.id("history-charts")).getDomAttribute("data-range")));
    assertThat(waitVisible(By.cssSelector("#chart-occupancy svg")).getDomAttribute("data-points"))
        .isEqualTo(Integer.toString(2 * READING_HOURS_AGO.length));
    // Hourly: the readings 1, 2 and 3 hours ago make one line per series, the others stay dots.
    assertThat(countIn("#chart-occupancy svg .series path")).isEqualTo(2);
    assertThat(countIn("#chart-occupancy svg .series circle")).isEqualTo(6);
    driver.executeScript("document.getElementById('history-charts').scrollIntoView();");
    screenshot("admin-station-week.png");

    // An edit is saved with If-Match.
    WebElement capacity =
        driver.findElement(By.cssSelector("#station-form input[name='capacity']"));
    assertThat(capacity.getDomProperty("value")).isEqualTo("10");
    type(capacity, "12");
    WebElement photo = driver.findElement(By.cssSelector("#station-form input[name='photo_url']"));
    assertThat(photo.getDomProperty("value")).isEmpty();
    type(photo, "/photos/yz1.jpg");
    driver.findElement(By.id("station-save")).click();
    waitForText(By.id("station-version"), "版本 2");
    assertThat(station(MINE_1).getJsonObject("properties").getInteger("capacity")).isEqualTo(12);
    assertThat(station(MINE_1).getJsonObject("properties").getString("photo_url"))
        .isEqualTo("/photos/yz1.jpg");

    // Someone else saves meanwhile: the page's next save is refused and says why.
    JsonObject theirs = station(MINE_1);
    theirs.getJsonObject("properties").put("name_zh", "迎泽一号驿站（新址）").remove("live");
    HttpResponse<String> put =
        http.send(
            http.admin("/api/v1/stations/" + MINE_1)
                .header("Content-Type", "application/geo+json")
                .header("If-Match", "\"2\"")
                .PUT(HttpRequest.BodyPublishers.ofString(theirs.encode())));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    type(capacity, "14");
    driver.findElement(By.id("station-save")).click();
    WebElement conflict = waitVisible(By.id("station-conflict"));
    assertThat(conflict.getText()).contains("已被其他人修改");
    assertThat(capacity.getDomProperty("value")).as("the user's edit is kept").isEqualTo("14");
    JsonObject stored = station(MINE_1).getJsonObject("properties");
    assertThat(stored.getInteger("capacity")).isEqualTo(12);
    assertThat(stored.getString("name_zh")).isEqualTo("迎泽一号驿站（新址）");
    screenshot("admin-station-conflict.png");

    driver.findElement(By.id("station-reload")).click();
    waitForText(By.id("station-version"), "版本 3");
    assertThat(capacity.getDomProperty("value")).isEqualTo("12");
    assertThat(
            driver
                .findElement(By.cssSelector("#station-form input[name='name_zh']"))
                .getDomProperty("value"))
        .isEqualTo("迎泽一号驿站（新址）");
    assertThat(driver.findElement(By.id("station-conflict")).isDisplayed()).isFalse();
    screenshot("admin-station.png");
  }

  @Test
  void feedbackIsMovedAlongFromTheInbox() throws Exception {
    HttpResponse<String> sent =
        postPublic(
            "/api/v1/stations/" + MINE_2 + "/feedback",
            new JsonObject().put("kind", "no_water").put("text", "饮水机没水了"));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    long id = new JsonObject(sent.body()).getLong("id");

    openFresh("#/feedback");
    logIn();
    By row = By.cssSelector("#feedback-table tr[data-feedback-id='" + id + "']");
    waitVisible(row);
    assertThat(text(row)).contains("饮水机没水了").contains("没有饮用水").contains(MINE_2);
    driver
        .findElement(row)
        .findElement(By.cssSelector("button[data-status='acknowledged']"))
        .click();
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "the feedback status did not change; status: " + statusText())
        .until(d -> "acknowledged".equals(d.findElement(row).getDomAttribute("data-status")));
    HttpResponse<String> list = http.send(http.admin("/api/v1/feedback?status=acknowledged").GET());
    assertThat(list.body()).contains("\"id\":" + id);
    screenshot("admin-feedback.png");
  }

  @Test
  void theHealthMapShowsTheAdminsStations() throws Exception {
    HttpResponse<String> probe =
        http.send(http.admin("/api/v1/fleet/stations?bbox=110,34,115,41").GET());
    assertThat(probe.statusCode())
        .as("the endpoint the map draws from: " + probe.body())
        .isEqualTo(200);
    openFresh("#/map");
    logIn();
    waitVisible(By.cssSelector("#health-map.leaflet-container"));
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "no health markers; status: " + text(By.id("map-status")))
        .until(d -> "2".equals(d.findElement(By.id("health-map")).getDomAttribute("data-markers")));
    assertThat(driver.findElements(By.id("map-unavailable")))
        .as("the map is not declared unavailable")
        .allSatisfy(e -> assertThat(e.isDisplayed()).isFalse());
    assertThat(text(By.id("status"))).as("no error reported").isEmpty();
    screenshot("admin-map.png");
  }

  @Test
  void theDeviceConfigEditorSavesAndShowsTheServersFieldErrorsNextToTheFields() throws Exception {
    openFresh("#/devices/dev-yz-1?station=" + MINE_1);
    logIn();
    waitForText(By.id("device-facts"), "从未上报");
    assertThat(text(By.id("device-facts"))).contains(MINE_1).contains("综合");
    WebElement interval = waitVisible(By.cssSelector("#config-form input[name='interval_s']"));
    assertThat(interval.getDomProperty("value")).isEqualTo("60");
    WebElement high =
        driver.findElement(By.cssSelector("#config-form input[name='temperature_high_c']"));
    WebElement low =
        driver.findElement(By.cssSelector("#config-form input[name='temperature_low_c']"));

    type(interval, "120");
    type(high, "31");
    type(low, "35");
    driver.findElement(By.cssSelector("#config-form button[type='submit']")).click();
    By lowError =
        By.cssSelector("#config-form .field[data-field='temperature_low_c'] .field-error");
    waitForText(lowError, "must be below temperature_high_c");
    assertThat(low.getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(text(By.id("status"))).contains("配置保存失败");
    screenshot("admin-device-config-error.png");

    type(low, "10");
    driver.findElement(By.cssSelector("#config-form button[type='submit']")).click();
    waitForText(By.id("config-version"), "配置版本 2");
    assertThat(driver.findElements(lowError)).isEmpty();
    HttpResponse<String> r = http.send(http.admin("/api/v1/devices/dev-yz-1/config").GET());
    JsonObject config = new JsonObject(r.body()).getJsonObject("config");
    assertThat(config.getInteger("interval_s")).isEqualTo(120);
    assertThat(config.getDouble("temperature_high_c")).isEqualTo(31.0);
    assertThat(config.getDouble("temperature_low_c")).isEqualTo(10.0);

    // The remaining pages open without errors: station list, account.
    driver.findElement(By.cssSelector("#nav a[data-nav='stations']")).click();
    waitVisible(By.cssSelector("#station-table tr[data-station-id='" + OTHERS + "']"));
    driver.findElement(By.cssSelector("#nav a[data-nav='account']")).click();
    waitForText(By.cssSelector("#view dl"), "太原市/迎泽区");
    assertThat(driver.findElements(By.cssSelector("#nav a[data-nav='audit']")))
        .as("the audit log is for super admins")
        .isEmpty();
  }

  @Test
  void provisioningShowsTheWorkingSecretOnceAndKeepsItOutOfStorage() throws Exception {
    openFresh("#/provision?station=" + MINE_2);
    logIn();
    WebElement station = waitVisible(By.cssSelector("#provision-form input[name='station_id']"));
    assertThat(station.getDomProperty("value")).isEqualTo(MINE_2);
    assertThat(driver.findElements(By.cssSelector("#provision-form input[name='id']")))
        .as("station admins' devices get generated ids")
        .isEmpty();
    driver.findElement(By.cssSelector("#provision-form button[type='submit']")).click();

    waitVisible(By.id("credentials"));
    String secret = driver.findElement(By.id("cred-secret")).getDomProperty("value");
    assertThat(secret).hasSizeGreaterThan(15);
    String deviceId = driver.findElement(By.id("cred-id")).getDomProperty("value");
    assertThat(driver.findElement(By.id("cred-username")).getDomProperty("value"))
        .isEqualTo(deviceId);
    assertThat(text(By.cssSelector("#credentials .warning"))).contains("只显示这一次");
    screenshot("admin-provision.png");
    String storage =
        (String)
            driver.executeScript(
                "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)"
                    + " + document.cookie;");
    assertThat(storage).doesNotContain(secret);

    // The secret shown is the device's real one: it connects to the MQTT endpoint.
    MqttClient client =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(), deviceId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(deviceId);
    options.setPassword(secret.toCharArray());
    client.connect(options);
    assertThat(client.isConnected()).isTrue();
    client.disconnect();
    client.close();

    driver.findElement(By.id("cred-done")).click();
    new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.id("credentials")).isEmpty());
    assertThat(driver.getPageSource()).doesNotContain(secret);
    waitVisible(By.id("provision-form"));
  }

  @Test
  void theDevicePageDisablesReenablesAndShowsANewSecretOnce() throws Exception {
    openFresh("#/devices/dev-yz-2?station=" + MINE_2);
    logIn();
    waitForText(By.id("device-facts"), MINE_2);
    driver.executeScript("window.confirm = () => true;");
    waitVisible(By.id("device-disable")).click();
    // The page draws the device afresh after each action: an element found may go stale.
    new WebDriverWait(driver, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d ->
                "false"
                    .equals(
                        d.findElement(By.id("device-facts-list")).getDomAttribute("data-enabled")));
    assertThat(enabled("dev-yz-2")).isFalse();
    driver.findElement(By.id("device-enable")).click();
    new WebDriverWait(driver, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d ->
                "true"
                    .equals(
                        d.findElement(By.id("device-facts-list")).getDomAttribute("data-enabled")));
    assertThat(enabled("dev-yz-2")).isTrue();

    driver.findElement(By.id("device-rotate")).click();
    waitVisible(By.id("new-secret-card"));
    String secret = driver.findElement(By.id("new-secret")).getDomProperty("value");
    assertThat(secret).hasSizeGreaterThan(15);
    screenshot("admin-device-new-secret.png");
    MqttClient client =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(),
            "dev-yz-2",
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName("dev-yz-2");
    options.setPassword(secret.toCharArray());
    client.connect(options);
    client.disconnect();
    client.close();
    driver.findElement(By.id("new-secret-done")).click();
    new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.id("new-secret-card")).isEmpty());
    assertThat(driver.getPageSource()).doesNotContain(secret);
  }

  private static boolean enabled(String deviceId) throws Exception {
    HttpResponse<String> r = http.send(http.admin("/api/v1/devices/" + deviceId).GET());
    return new JsonObject(r.body()).getBoolean("enabled");
  }

  // ------------------------------------------------------------------ browser helpers

  /** Loads the console with no session and no remembered language, at {@code hash}. */
  @Test
  void aStationAdminSetsAStationsAlertThresholdAndSeesTheServersFieldError() throws Exception {
    openFresh("#/stations/" + MINE_2);
    logIn();
    WebElement hot = waitVisible(By.cssSelector("#threshold-form input[name='too_hot_c']"));
    By hotSource = By.cssSelector("[data-source-of='too_hot_c']");
    waitForText(hotSource, "沿用全局");
    assertThat(hot.getDomProperty("value")).isEmpty();
    double global = globalThresholds().getDouble("too_hot_c");
    assertThat(hot.getDomAttribute("placeholder"))
        .as("the global value, whatever another test left it at")
        .isEqualTo(java.math.BigDecimal.valueOf(global).stripTrailingZeros().toPlainString());
    assertThat(text(By.id("station-conditions"))).contains("当前没有异常状况");

    // Out of range: the server's reason is shown next to the field, nothing is stored.
    type(hot, "99");
    driver.findElement(By.cssSelector("#threshold-form button[type='submit']")).click();
    WebElement error =
        waitVisible(By.cssSelector("#threshold-form [data-field='too_hot_c'] .field-error"));
    assertThat(error.getText()).isNotBlank();
    assertThat(hot.getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(thresholds(MINE_2).getJsonObject("overrides").getValue("too_hot_c")).isNull();

    type(hot, "28");
    driver.findElement(By.cssSelector("#threshold-form button[type='submit']")).click();
    waitForText(hotSource, "本站设定");
    assertThat(text(hotSource)).contains("28");
    assertThat(countIn("#threshold-form .field-error")).isZero();
    JsonObject stored = thresholds(MINE_2);
    assertThat(stored.getJsonObject("effective").getDouble("too_hot_c")).isEqualTo(28.0);
    assertThat(stored.getJsonObject("overrides").getValue("too_cold_c")).isNull();
    driver.executeScript("document.getElementById('thresholds').scrollIntoView();");
    screenshot("admin-station-thresholds.png");

    driver.findElement(By.id("thresholds-reset")).click();
    waitForText(hotSource, "沿用全局");
    assertThat(hot.getDomProperty("value")).isEmpty();
    assertThat(thresholds(MINE_2).getJsonObject("effective").getDouble("too_hot_c"))
        .isEqualTo(global);

    assertThat(countIn("a[data-nav='thresholds']"))
        .as("global thresholds: super admins only")
        .isZero();

    // The device table names each device's data quality.
    driver.get(baseUrl + "/admin/#/devices");
    waitVisible(By.cssSelector("#device-table td.quality"));
    assertThat(text(By.cssSelector("#device-table td.quality"))).isEqualTo("正常");
  }

  @Test
  void aSuperAdminChangesTheGlobalThresholdsAndGoesBackToTheDefaults() throws Exception {
    HttpResponse<String> chief =
        postJson(
            "/api/v1/accounts",
            new JsonObject()
                .put("username", "chief")
                .put("role", "super_admin")
                .put("password", PASSWORD));
    assertThat(chief.statusCode()).as(chief.body()).isEqualTo(201);
    openFresh("#/thresholds");
    logIn("chief", PASSWORD);
    WebElement hot = waitVisible(By.cssSelector("#threshold-form input[name='too_hot_c']"));
    By hotSource = By.cssSelector("[data-source-of='too_hot_c']");
    waitForText(hotSource, "默认值");
    assertThat(hot.getDomProperty("value")).isEqualTo("30");

    type(hot, "31");
    driver.findElement(By.cssSelector("#threshold-form button[type='submit']")).click();
    waitForText(hotSource, "已调整");
    assertThat(globalThresholds().getDouble("too_hot_c")).isEqualTo(31.0);
    assertThat(globalThresholds().getDouble("too_cold_c")).as("untouched").isEqualTo(12.0);
    screenshot("admin-thresholds-global.png");

    driver.findElement(By.id("thresholds-reset")).click();
    waitForText(hotSource, "默认值");
    assertThat(globalThresholds().getDouble("too_hot_c")).isEqualTo(30.0);
  }

  private static JsonObject globalThresholds() throws Exception {
    HttpResponse<String> r = http.send(http.admin("/api/v1/thresholds").GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonObject("global");
  }

  private static JsonObject thresholds(String stationId) throws Exception {
    HttpResponse<String> r =
        http.send(http.admin("/api/v1/stations/" + stationId + "/thresholds").GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static void openFresh(String hash) {
    driver.get(baseUrl + "/app.css"); // same origin, another document: the next get reloads
    driver.manage().deleteAllCookies();
    driver.executeScript("localStorage.clear(); sessionStorage.clear();");
    driver.get(baseUrl + "/admin/" + hash);
  }

  private static void logIn() {
    logIn(USER, PASSWORD);
  }

  private static void logIn(String user, String password) {
    waitVisible(By.id("login-form"));
    type(By.id("login-username"), user);
    type(By.id("login-password"), password + Keys.ENTER);
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "log-in did not finish; status: " + statusText() + loginErrorText())
        .until(d -> d.findElement(By.id("nav")).isDisplayed());
  }

  private static WebElement waitVisible(By by) {
    return new WebDriverWait(driver, WAIT)
        .withMessage(() -> by + " never appeared; status: " + statusText())
        .until(
            d ->
                d.findElements(by).stream()
                    .filter(WebElement::isDisplayed)
                    .findFirst()
                    .orElse(null));
  }

  private static void waitForText(By by, String expected) {
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> by + " never showed '" + expected + "'; status: " + statusText())
        .until(d -> d.findElements(by).stream().anyMatch(e -> e.getText().contains(expected)));
  }

  private static void type(By by, String text) {
    type(driver.findElement(by), text);
  }

  private static void type(WebElement input, String text) {
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    input.sendKeys(text);
  }

  private static int countIn(String css) {
    return driver.findElements(By.cssSelector(css)).size();
  }

  private static String text(By by) {
    return driver.findElement(by).getText();
  }

  private static String statusText() {
    return driver.findElements(By.id("status")).stream()
        .map(WebElement::getText)
        .findFirst()
        .orElse("(no #status element)");
  }

  private static String loginErrorText() {
    return driver.findElements(By.id("login-error")).stream()
        .map(e -> "; login error: " + e.getText())
        .findFirst()
        .orElse("");
  }

  private static void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  // ------------------------------------------------------------------ server fixtures

  private static void createStation(
      String id, String nameZh, String nameEn, double lon, double lat, String district)
      throws Exception {
    JsonObject props =
        new JsonObject()
            .put("id", id)
            .put("name_zh", nameZh)
            .put("kind", "urban_rest_station")
            .put("capacity", 10)
            .put("opening_hours", "24/7")
            .put("city", CITY)
            .put("district", district);
    if (nameEn != null) {
      props.put("name_en", nameEn);
    }
    http.createStation(lon, lat, props);
  }

  private static void createStationAdmin(String username, String district) throws Exception {
    HttpResponse<String> account =
        postJson(
            "/api/v1/accounts",
            new JsonObject()
                .put("username", username)
                .put("role", "station_admin")
                .put("password", PASSWORD)
                .put(
                    "scope",
                    new JsonObject().put("districts", new JsonArray().add(CITY + "/" + district))));
    assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
  }

  private static void provision(String stationId, String deviceId) throws Exception {
    HttpResponse<String> r =
        postJson(
            "/api/v1/devices", new JsonObject().put("station_id", stationId).put("id", deviceId));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static HttpResponse<String> postJson(String path, JsonObject body) throws Exception {
    return http.send(
        http.admin(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static HttpResponse<String> postPublic(String path, JsonObject body) throws Exception {
    return http.send(
        http.request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static JsonObject station(String id) throws Exception {
    HttpResponse<String> r = http.get("/api/v1/stations/" + id);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static JsonObject alertById(long id) throws Exception {
    HttpResponse<String> r = http.send(http.admin("/api/v1/alerts?status=open").GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray alerts = new JsonObject(r.body()).getJsonArray("alerts");
    for (int i = 0; i < alerts.size(); i++) {
      if (alerts.getJsonObject(i).getLong("id") == id) {
        return alerts.getJsonObject(i);
      }
    }
    throw new AssertionError("alert " + id + " is not among the open alerts: " + r.body());
  }

  private static long insertOpenAlert(String stationId, String deviceId) throws Exception {
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alert (kind, station_id, device_id, severity, opened_at, detail)"
                    + " VALUES ('device_offline', ?, ?, 'warning', now(), ?) RETURNING id")) {
      ps.setString(1, stationId);
      ps.setString(2, deviceId);
      ps.setString(3, "device " + deviceId + " went offline (was online)");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Stored readings for the station's history, from a retired sensor that is not a registered
   * device, so the fleet counts do not change.
   */
  private static void insertReadings(String stationId) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO reading (time, station_id, device_id, seq, occupancy, temperature_c,"
                    + " received_at) VALUES (?, ?, 'retired-sensor', ?, ?, ?, ?)")) {
      for (int i = 0; i < READING_HOURS_AGO.length; i++) {
        Instant at = now.minus(READING_HOURS_AGO[i], ChronoUnit.HOURS);
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setString(2, stationId);
        ps.setLong(3, i + 1);
        ps.setInt(4, 2 + i);
        ps.setDouble(5, 24.0 + i * 0.5);
        ps.setTimestamp(6, Timestamp.from(at));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  // ------------------------------------------------------------------ Chromium

}
