package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.geo.ChinaCrs;
import org.yizhan.station.NearbyResult;
import org.yizhan.testing.ChinaToday;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The worker map at {@code /} in a real headless Chromium with a phone's screen, against a real
 * server with the Shanxi demo network. Every host except 127.0.0.1 is unresolvable, so base-map
 * tiles never load: the page must work without them. The server's own answers are the oracle for
 * what the page lists.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MapPageBrowserIT {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Central Taiyuan, where the emulated phone says the user is. */
  static final String USER_LAT = "37.8706";

  static final String USER_LON = "112.5489";
  static final Duration WAIT = Duration.ofSeconds(20);
  static final By NEAREST_ITEMS = By.cssSelector("#nearest li");
  static final int NEAREST_COUNT = 10;
  private static final String DISTANCE = "\\d+(\\.\\d)? (m|km)";

  /** A viewport point inside the map that hits neither a marker nor a control, or null. */
  private static final String FIND_EMPTY_MAP_POINT =
      """
      const box = document.getElementById('map').getBoundingClientRect();
      for (let fy = 0.3; fy <= 0.7; fy += 0.04) {
        for (let fx = 0.2; fx <= 0.8; fx += 0.04) {
          const x = Math.round(box.left + box.width * fx);
          const y = Math.round(box.top + box.height * fy);
          const hit = document.elementFromPoint(x, y);
          if (hit && hit.closest('#map') && !hit.closest('.leaflet-marker-icon, .leaflet-control,'
              + ' .leaflet-tooltip')) {
            const p = yizhanMap.containerPointToLatLng([x - box.left, y - box.top]);
            let near = false;
            yizhanMap.eachLayer((l) => {
              if (l instanceof L.CircleMarker) {
                const q = yizhanMap.latLngToContainerPoint(l.getLatLng());
                if (Math.hypot(q.x - (x - box.left), q.y - (y - box.top)) < 16) near = true;
              }
            });
            if (!near) return [x, y];
          }
        }
      }
      return null;
      """;

  /** WCAG contrast ratio of each listed element's text against the page's white background. */
  private static final String CONTRAST =
      """
      function lum(c) {
        const m = c.match(/\\d+(\\.\\d+)?/g).map(Number);
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]);
      }
      function bg(node) {
        for (let n = node; n; n = n.parentElement) {
          const c = getComputedStyle(n).backgroundColor;
          if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
        }
        return 'rgb(255, 255, 255)';
      }
      const out = [];
      for (const node of document.querySelectorAll(arguments[0])) {
        if (!node.offsetParent) continue;
        const a = lum(getComputedStyle(node).color);
        const b = lum(bg(node));
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        out.push([node.className + ' "' + node.textContent.trim().slice(0, 20) + '"', ratio]);
      }
      return out;
      """;

  /** Controls with no accessible name: no text, no aria-label, no label element. */
  private static final String UNLABELLED =
      """
      const out = [];
      for (const c of document.querySelectorAll('button, input, select, textarea, a[href], summary')) {
        if (!c.offsetParent && c.type !== 'checkbox') continue;
        const named = (c.getAttribute('aria-label') || '').trim()
          || (c.textContent || '').trim()
          || (c.labels && c.labels.length && c.labels[0].textContent.trim())
          || (c.getAttribute('title') || '').trim();
        if (!named) out.push(c.outerHTML.slice(0, 80));
      }
      return out;
      """;

  static Server server;
  static Http http;
  static String baseUrl;
  private static Path profileDir;
  static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    server = TestServers.start(Optional.of("shanxi"));
    http = new Http(server.port());
    baseUrl = "http://127.0.0.1:" + server.port();
    profileDir = Files.createTempDirectory("yizhan-chromium");
    driver = startPhone(profileDir, baseUrl);
  }

  /** A browser with a phone's screen, at central Taiyuan, allowed to read the position. */
  static ChromeDriver startPhone(Path profile, String origin) {
    ChromeDriver d = Chromium.start(profile);
    d.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    d.executeCdpCommand(
        "Browser.grantPermissions",
        Map.of("permissions", List.of("geolocation"), "origin", origin));
    d.executeCdpCommand(
        "Emulation.setGeolocationOverride",
        Map.of(
            "latitude",
            Double.parseDouble(USER_LAT),
            "longitude",
            Double.parseDouble(USER_LON),
            "accuracy",
            10));
    return d;
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

  /** Fails the test on any script error or missing text the page logged. */
  @AfterEach
  void noScriptErrors() {
    assertThat(scriptProblems(driver)).as("browser console").isEmpty();
  }

  static List<String> scriptProblems(ChromeDriver d) {
    return d.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(
            e ->
                (e.getLevel().intValue() >= Level.SEVERE.intValue()
                        && !e.getMessage().contains("Failed to load resource")
                        && !e.getMessage().contains("ERR_NAME_NOT_RESOLVED")
                        && !e.getMessage().contains("ERR_INTERNET_DISCONNECTED"))
                    || e.getMessage().contains("missing text"))
        .map(LogEntry::getMessage)
        .toList();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void opensOnTheNearestStationsInTheServersOrderWithAgesAndStaleValuesMarked() throws Exception {
    // The nearest station's device reports every 5 s and was last heard a minute ago: stale.
    String staleId = apiNearest(USER_LAT, USER_LON, "").get(0);
    publishAged(staleId, 1, 5, Duration.ofSeconds(60), "\"occupancy\":3,\"temperature_c\":21.5");
    openFresh();
    List<WebElement> items = waitForNearestFromGps();
    WebElement list = driver.findElement(By.id("nearest"));
    assertThat(list.getDomAttribute("data-lat")).isEqualTo(USER_LAT);
    assertThat(list.getDomAttribute("data-lon")).isEqualTo(USER_LON);
    assertThat(ids(items)).containsExactlyElementsOf(apiNearest(USER_LAT, USER_LON, ""));
    JsonArray features =
        new JsonObject(
                http.get(
                        "/api/v1/stations/nearby?lat="
                            + USER_LAT
                            + "&lon="
                            + USER_LON
                            + "&limit="
                            + NEAREST_COUNT)
                    .body())
            .getJsonArray("features");
    for (int i = 0; i < items.size(); i++) {
      WebElement li = items.get(i);
      JsonObject props = propertiesOf(features, li.getDomAttribute("data-station-id"));
      // no walking network on this server: every walk is the estimate
      assertThat(li.getText()).containsPattern(DISTANCE).containsPattern("约 [0-9.]+ (分钟|小时)（估算）");
      assertThat(li.findElement(By.cssSelector(".state")).getText())
          .matches("营业中.*|已关闭.*|营业时间未知|24小时营业");
      String live = li.findElement(By.cssSelector(".live")).getText();
      JsonObject l = props.getJsonObject("live");
      if (l == null || !"current".equals(l.getString("occupancy_state"))) {
        // no current count: unknown or stale, never a number presented as now
        assertThat(live).containsPattern("空位未知|人数已过时|人数数据异常");
      } else if ("closed".equals(props.getString("open_state"))) {
        assertThat(live).contains("关门中").doesNotContain("空位 ");
      } else {
        assertThat(live)
            .containsPattern(
                "(空位 " + l.getInteger("free_seats") + "|已满 0)/" + l.getInteger("capacity"))
            .containsPattern("\\d+(秒|分钟)前");
      }
      if (l == null || !"current".equals(l.getString("temperature_c_state"))) {
        assertThat(live).containsPattern("温度未知|温度已过时");
      }
    }
    JsonObject stale = propertiesOf(features, staleId).getJsonObject("live");
    assertThat(stale.getString("occupancy_state")).as(stale.encode()).isEqualTo("stale");
    assertThat(stale.getInteger("occupancy_last_known")).isEqualTo(3);
    assertThat(stale.getString("temperature_c_state")).isEqualTo("stale");
    WebElement staleLive = items.get(0).findElement(By.cssSelector(".live"));
    assertThat(ids(items).get(0)).isEqualTo(staleId);
    assertThat(staleLive.getText())
        .as("the last values, marked stale with their age, never as current")
        .contains("人数已过时")
        .contains("3 人")
        .contains("温度已过时")
        .contains("21.5°C")
        .containsPattern("\\d+分钟前")
        .doesNotContain("空位")
        .doesNotContain("室内");
    assertThat(staleLive.findElements(By.cssSelector(".stale"))).hasSize(2);
    assertThat(driver.findElement(By.id("map")).getDomAttribute("data-count"))
        .as("markers drawn without tiles")
        .isNotEqualTo("0");
    assertThat(driver.findElement(By.id("tile-note")).isDisplayed())
        .as("tiles are blocked here: the page says so and keeps working")
        .isTrue();
    assertThat(
            (Boolean)
                driver.executeScript(
                    "return performance.getEntriesByName('yz-first-useful').length === 1"))
        .isTrue();
    screenshot("map-phone-nearest.png");
  }

  @Test
  void aReadingUpdatesTheListLiveWithoutMovingTheMapOrTheList() throws Exception {
    openFresh();
    List<WebElement> items = waitForNearestFromGps();
    String stationId = pick(alwaysOpen(ids(items)), 2);
    int capacity = capacityOf(stationId);
    driver.executeScript(
        "document.querySelectorAll('#nearest li').forEach(li => li.__kept = true);"
            + "window.scrollTo(0, 200);");
    Object viewBefore = driver.executeScript(VIEW);

    publish(stationId, 1, "\"occupancy\":1,\"temperature_c\":24.5");

    By live = By.cssSelector("#nearest li[data-station-id='" + stationId + "'] .live");
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "live values did not arrive: " + driver.findElement(live).getText())
        .until(
            d -> d.findElement(live).getText().contains("空位 " + (capacity - 1) + "/" + capacity));
    assertThat(driver.findElement(live).getText()).contains("室内 24.5°C").contains("秒前");
    assertThat(
            (Boolean)
                driver.executeScript(
                    "return [...document.querySelectorAll('#nearest li')].every(li => li.__kept)"))
        .as("the list was updated in place, not rebuilt")
        .isTrue();
    assertThat(driver.executeScript(VIEW)).as("map view and scroll").isEqualTo(viewBefore);
    screenshot("map-phone-live.png");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aValueTurnsStaleOnTheOpenPageWhenItsDeviceFallsSilentWithoutReload() throws Exception {
    openFresh();
    String stationId = pick(alwaysOpen(ids(waitForNearestFromGps())), 6);
    int capacity = capacityOf(stationId);
    driver.executeScript(
        "window.__sameDocument = true;"
            + "document.querySelectorAll('#nearest li').forEach(li => li.__kept = true);");

    // One reading from a device that reports every 5 s: current for 15 s, then stale.
    Instant measured =
        publishAged(stationId, 1, 5, Duration.ZERO, "\"occupancy\":2,\"temperature_c\":23.5");

    By live = By.cssSelector("#nearest li[data-station-id='" + stationId + "'] .live");
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "the reading never arrived: " + driver.findElement(live).getText())
        .until(
            d ->
                d.findElement(live).getText().contains("空位 " + (capacity - 2) + "/" + capacity)
                    && d.findElement(live).getText().contains("室内 23.5°C"));
    assertThat(Instant.now()).as("seen current in time").isBefore(measured.plusSeconds(15));

    new WebDriverWait(driver, Duration.ofSeconds(45))
        .withMessage(() -> "never turned stale: " + driver.findElement(live).getText())
        .until(
            d ->
                d.findElement(live).getText().contains("人数已过时（")
                    && d.findElement(live).getText().contains("温度已过时（"));
    Instant staleAt = Instant.now();
    assertThat(staleAt)
        .as("stale only once three intervals (15 s) have passed")
        .isAfter(measured.plusSeconds(15));
    assertThat(driver.findElement(live).getText())
        .contains("2 人")
        .contains("23.5°C")
        .doesNotContain("空位")
        .doesNotContain("室内");
    assertThat(
            (Boolean)
                driver.executeScript(
                    "return window.__sameDocument === true"
                        + " && [...document.querySelectorAll('#nearest li')].every(li => li.__kept)"))
        .as("the same page and list, not reloaded or rebuilt")
        .isTrue();
    screenshot("map-phone-turned-stale.png");
  }

  private static final String VIEW =
      "const c = yizhanMap.getCenter();"
          + " return [yizhanMap.getZoom(), c.lat.toFixed(6), c.lng.toFixed(6), window.scrollY];";

  @Test
  void filtersNarrowTheListExactlyAsTheServerDoes() throws Exception {
    openFresh();
    waitForNearestFromGps();

    driver.findElement(By.cssSelector(".chip[data-filter='open_24h']")).click();
    waitForList(apiNearest(USER_LAT, USER_LON, "&open_24h=true"));
    assertThat(
            driver
                .findElement(By.cssSelector(".chip[data-filter='open_24h']"))
                .getDomAttribute("aria-pressed"))
        .isEqualTo("true");
    assertThat(driver.findElements(By.cssSelector("#nearest .state")))
        .allSatisfy(s -> assertThat(s.getText()).isEqualTo("24小时营业"));

    driver.findElement(By.cssSelector("#more-filters > summary")).click();
    driver.findElement(By.cssSelector("#amenity-filters input[value='meal_heating']")).click();
    waitForList(apiNearest(USER_LAT, USER_LON, "&open_24h=true&amenity=meal_heating"));

    new Select(driver.findElement(By.id("kind-filter"))).selectByValue("drivers_home");
    waitForList(
        apiNearest(USER_LAT, USER_LON, "&open_24h=true&amenity=meal_heating&kind=drivers_home"));
    screenshot("map-phone-filters.png");

    driver.findElement(By.id("clear-filters")).click();
    waitForList(apiNearest(USER_LAT, USER_LON, ""));

    // Free seats: only stations whose live count says so; a station that just reported qualifies.
    String stationId = listedIds(driver).get(4);
    publish(stationId, 1, "\"occupancy\":0");
    new WebDriverWait(driver, WAIT)
        .until(d -> apiNearest(USER_LAT, USER_LON, "&free_seats=true").contains(stationId));
    driver.findElement(By.cssSelector(".chip[data-filter='free_seats']")).click();
    List<String> withSeats = apiNearest(USER_LAT, USER_LON, "&free_seats=true");
    assertThat(withSeats).contains(stationId);
    waitForList(withSeats);
    driver.findElement(By.cssSelector(".chip[data-filter='free_seats']")).click();
  }

  @Test
  void theStationPageHasHoursNavigationInEachAppsCoordinatesTheHotlineAndTakesAReport()
      throws Exception {
    openFresh();
    List<WebElement> items = waitForNearestFromGps();
    String stationId = ids(items).get(0);
    items.get(0).findElement(By.cssSelector("a")).click();
    new WebDriverWait(driver, WAIT)
        .until(d -> !d.findElements(By.cssSelector("#station-body .nav-buttons")).isEmpty());
    JsonObject station = new JsonObject(http.get("/api/v1/stations/" + stationId).body());
    JsonObject props = station.getJsonObject("properties");
    assertThat(driver.findElement(By.id("station-name")).getText())
        .isEqualTo(props.getString("name_zh"));
    String page = driver.findElement(By.id("station-body")).getText();
    assertThat(page).contains("开放时间");
    assertThat(page).contains("工会服务热线 12351");
    assertThat(driver.findElement(By.cssSelector("a.hotline-link")).getDomAttribute("href"))
        .isEqualTo("tel:12351");
    assertThat(page).contains("今天的人数");
    assertThat(driver.findElement(By.cssSelector(".st-state")).getText())
        .as("open until when, or when it opens")
        .matches("营业中，.*关门|已关闭，.*开门|已关闭|24小时营业|营业时间未知");
    JsonObject config = new JsonObject(http.get("/api/v1/map-config").body());
    assertThat(config.getDouble("walking_speed_m_per_min")).isEqualTo(NearbyResult.WALK_M_PER_MIN);
    assertThat(config.getDouble("walking_detour_factor")).isEqualTo(NearbyResult.DETOUR_FACTOR);
    assertThat(driver.findElement(By.cssSelector(".st-distance")).getText())
        .as("the distance from the worker and the walk at the server's speed and detour")
        .matches("[0-9.]+ k?m · 约 [0-9.]+ (分钟|小时)（估算）");

    JsonObject nav =
        new JsonObject(http.get("/api/v1/stations/" + stationId + "/navigation").body());
    double lat = station.getJsonObject("geometry").getJsonArray("coordinates").getDouble(1);
    double lon = station.getJsonObject("geometry").getJsonArray("coordinates").getDouble(0);
    double[] gcj = ChinaCrs.wgsToGcj(lon, lat);
    String amap = driver.findElement(By.cssSelector("a.nav-amap")).getDomAttribute("href");
    assertThat(amap).isEqualTo(nav.getJsonObject("links").getString("amap"));
    assertThat(amap).contains(String.format("%.6f,%.6f", gcj[0], gcj[1]));
    assertThat(driver.findElement(By.cssSelector("a.nav-baidu")).getDomAttribute("href"))
        .contains("coord_type=bd09ll");
    assertThat(driver.findElement(By.cssSelector("a.nav-geo")).getDomAttribute("href"))
        .isEqualTo(nav.getJsonObject("links").getString("geo"))
        .startsWith("geo:");
    screenshot("map-phone-station.png");

    new Select(driver.findElement(By.cssSelector(".report-form select"))).selectByValue("no_water");
    driver.findElement(By.cssSelector(".report-form textarea")).sendKeys("饮水机没水了");
    driver.findElement(By.cssSelector(".report-form button")).click();
    new WebDriverWait(driver, WAIT)
        .until(d -> d.findElement(By.cssSelector(".report-result")).getText().contains("已提交"));
    JsonArray reports =
        new JsonObject(http.send(http.admin("/api/v1/feedback?station_id=" + stationId)).body())
            .getJsonArray("feedback");
    assertThat(reports.stream().map(o -> ((JsonObject) o).getString("text"))).contains("饮水机没水了");

    driver.findElement(By.id("station-back")).click();
    new WebDriverWait(driver, WAIT).until(d -> !d.findElement(By.id("station")).isDisplayed());
    assertThat(listedIds(driver)).hasSize(NEAREST_COUNT);
  }

  @Test
  void aStationWithAPhotoShowsItOnItsPage() throws Exception {
    http.createStation(
        95,
        45,
        new JsonObject()
            .put("id", "photo-1")
            .put("name_zh", "有照片的驿站")
            .put("kind", "urban_rest_station")
            .put("capacity", 6)
            .put("opening_hours", "24/7")
            .put("photo_url", "/photos/photo-1.jpg"));
    openFresh();
    driver.get(baseUrl + "/#station=photo-1");
    new WebDriverWait(driver, WAIT)
        .until(d -> !d.findElements(By.cssSelector("#station-body img.st-photo")).isEmpty());
    WebElement img = driver.findElement(By.cssSelector("#station-body img.st-photo"));
    assertThat(img.getDomAttribute("src")).isEqualTo("/photos/photo-1.jpg");
    assertThat(img.getDomAttribute("alt")).isEqualTo("驿站照片");
    assertThat(driver.findElement(By.id("station-name")).getText()).isEqualTo("有照片的驿站");
  }

  @Test
  void theStationPageChartsTodayAgainstTheTypicalHour() throws Exception {
    openFresh();
    String stationId = waitForNearestFromGps().get(1).getDomAttribute("data-station-id");
    Instant now = ChinaToday.stamp(); // today in China, whatever the wall clock says
    int hour = now.atZone(java.time.ZoneId.of("Asia/Shanghai")).getHour();
    org.yizhan.testing.DayPartitions.cover(
        server.database().dataSource(), now.minus(Duration.ofDays(14)), now);
    try (var c = server.database().dataSource().getConnection();
        var ps =
            c.prepareStatement(
                "INSERT INTO reading (time, station_id, device_id, seq, occupancy, received_at)"
                    + " VALUES (?, ?, 'chart-dev', ?, ?, now())")) {
      int[][] rows = {{0, 2}, {7, 5}, {14, 7}}; // days ago, people
      for (int[] row : rows) {
        ps.setTimestamp(1, java.sql.Timestamp.from(now.minus(Duration.ofDays(row[0]))));
        ps.setString(2, stationId);
        ps.setLong(3, 1000 + row[0]);
        ps.setInt(4, row[1]);
        ps.executeUpdate();
      }
    }
    driver.get(baseUrl + "/#station=" + stationId);
    new WebDriverWait(driver, WAIT)
        .until(d -> !d.findElements(By.cssSelector(".busy-chart rect.today")).isEmpty());
    assertThat(driver.findElements(By.cssSelector(".busy-chart rect.typical"))).isNotEmpty();
    assertThat(driver.findElement(By.cssSelector(".busy-summary")).getText())
        .as("the chart in words, for those who cannot see it")
        .contains("平时这个时候约 6 人")
        .contains("平时最忙在 " + hour + " 点");
    screenshot("map-phone-station-busy.png");
  }

  @Test
  void zoomedOutTheMapShowsCountedClustersThatZoomInWhenTapped() throws Exception {
    openFresh();
    waitForNearestFromGps();
    driver.executeScript("yizhanMap.setView([37.5, 112.3], 7, { animate: false });");
    new WebDriverWait(driver, WAIT)
        .until(d -> "clusters".equals(d.findElement(By.id("map")).getDomAttribute("data-mode")));
    List<WebElement> clusters = driver.findElements(By.cssSelector(".leaflet-marker-icon.cluster"));
    assertThat(clusters).isNotEmpty();
    assertThat(driver.findElement(By.id("status")).getText()).matches("地图上共 \\d+ 个驿站，放大查看详情");
    screenshot("map-phone-clusters.png");
    // Filters count in the clusters too: fewer stations, and the server was asked with them.
    int all = Integer.parseInt(driver.findElement(By.id("status")).getText().replaceAll("\\D", ""));
    driver.findElement(By.cssSelector(".chip[data-filter='open_24h']")).click();
    new WebDriverWait(driver, WAIT)
        .until(
            d ->
                (Boolean)
                    driver.executeScript(
                        "return performance.getEntriesByType('resource').some(e =>"
                            + " e.name.includes('/stations/clusters?')"
                            + " && e.name.includes('open_24h=true'))"));
    new WebDriverWait(driver, WAIT)
        .until(
            d -> {
              String digits = d.findElement(By.id("status")).getText().replaceAll("\\D", "");
              return !digits.isEmpty() && Integer.parseInt(digits) < all;
            });
    driver.findElement(By.cssSelector(".chip[data-filter='open_24h']")).click();
    @SuppressWarnings("unchecked")
    List<Number> free =
        (List<Number>)
            driver.executeScript(
                "for (const c of document.querySelectorAll('.leaflet-marker-icon.cluster')) {"
                    + " const b = c.getBoundingClientRect(); const x = b.left + b.width / 2;"
                    + " const y = b.top + b.height / 2; const hit = document.elementFromPoint(x, y);"
                    + " if (hit && c.contains(hit)) return [x, y]; } return null;");
    assertThat(free).as("a cluster not under a numbered marker").isNotNull();
    new Actions(driver)
        .moveToLocation(free.get(0).intValue(), free.get(1).intValue())
        .click()
        .perform();
    new WebDriverWait(driver, WAIT)
        .until(d -> ((Number) driver.executeScript("return yizhanMap.getZoom()")).intValue() > 7);
  }

  @Test
  void switchingToEnglishRedrawsEverythingAndBack() throws Exception {
    openFresh();
    waitForNearestFromGps();
    driver.findElement(By.id("lang")).click();
    assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    assertThat(driver.findElement(By.id("nearest-heading")).getText())
        .isEqualTo("Nearest stations");
    assertThat(driver.findElement(By.id("nearest-status")).getText()).contains("nearest to you");
    assertThat(driver.findElements(NEAREST_ITEMS))
        .allSatisfy(
            li ->
                assertThat(li.getText())
                    .containsPattern("about [0-9.]+ (min|h) \\(estimate\\)")
                    .containsPattern(
                        "Free seats unknown|\\d+/\\d+ seats free|Full 0/\\d+"
                            + "|Occupancy stale \\(\\d+ people|Closed: no seats now"));
    assertThat(driver.findElement(By.cssSelector(".chip[data-filter='free_seats']")).getText())
        .isEqualTo("Free seats");
    screenshot("map-phone-english.png");
    driver.findElement(By.id("lang")).click();
    assertThat(driver.findElement(By.id("nearest-heading")).getText()).isEqualTo("最近的驿站");
  }

  @Test
  void theListOnlyViewHidesTheMapAndEveryControlHasANameAndEnoughContrast() throws Exception {
    openFresh();
    waitForNearestFromGps();
    @SuppressWarnings("unchecked")
    List<String> unlabelled = (List<String>) driver.executeScript(UNLABELLED);
    assertThat(unlabelled).as("controls without an accessible name").isEmpty();

    driver.findElement(By.id("view-toggle")).click();
    assertThat(driver.findElement(By.id("map")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("view-toggle")).getDomAttribute("aria-pressed"))
        .isEqualTo("true");
    assertThat(driver.findElements(NEAREST_ITEMS)).hasSize(NEAREST_COUNT);
    assertThat(driver.findElements(By.cssSelector("#nearest li a[href^='#station=']")))
        .as("each station is a link a screen reader announces")
        .hasSize(NEAREST_COUNT);
    @SuppressWarnings("unchecked")
    List<List<Object>> ratios =
        (List<List<Object>>)
            driver.executeScript(
                CONTRAST,
                ".item-name, .distance, .state, .live-part, .address, .chip, .primary-button,"
                    + " .hint, .status, .search-button, .title, .top-button");
    assertThat(ratios).isNotEmpty();
    assertThat(ratios)
        .allSatisfy(
            r ->
                assertThat(((Number) r.get(1)).doubleValue())
                    .as("contrast of %s", r.get(0))
                    .isGreaterThanOrEqualTo(4.5));
    screenshot("map-phone-list-only.png");
    driver.findElement(By.id("view-toggle")).click();
    assertThat(driver.findElement(By.id("map")).isDisplayed()).isTrue();
  }

  @Test
  void tappingTheMapListsTheStationsNearestToThatPoint() throws Exception {
    openFresh();
    waitForNearestFromGps();
    @SuppressWarnings("unchecked")
    List<Number> point = (List<Number>) driver.executeScript(FIND_EMPTY_MAP_POINT);
    assertThat(point).as("a spot on the map without a marker").isNotNull();
    new Actions(driver)
        .moveToLocation(point.get(0).intValue(), point.get(1).intValue())
        .click()
        .perform();
    new WebDriverWait(driver, WAIT)
        .until(d -> d.findElement(By.id("nearest-status")).getText().contains("所选位置"));
    WebElement list = driver.findElement(By.id("nearest"));
    String lat = list.getDomAttribute("data-lat");
    String lon = list.getDomAttribute("data-lon");
    assertThat(lat).isNotEqualTo(USER_LAT);
    waitForList(apiNearest(lat, lon, ""));
  }

  @Test
  void aSearchedPlaceListsTheStationsNearestToIt() throws Exception {
    openFresh();
    waitForNearestFromGps();
    driver.findElement(By.id("search-input")).sendKeys("大同");
    driver.findElement(By.cssSelector("#search button[type=submit]")).click();
    new WebDriverWait(driver, WAIT)
        .until(d -> !d.findElements(By.cssSelector("#search-results .search-hit")).isEmpty());
    JsonObject first =
        new JsonObject(http.get("/api/v1/places?q=%E5%A4%A7%E5%90%8C&limit=8").body())
            .getJsonArray("places")
            .getJsonObject(0);
    assertThat(first.getString("kind")).isEqualTo("city");
    driver.findElements(By.cssSelector("#search-results .search-hit")).get(0).click();
    new WebDriverWait(driver, WAIT)
        .until(d -> d.findElement(By.id("nearest-status")).getText().contains("大同"));
    WebElement list = driver.findElement(By.id("nearest"));
    assertThat(Double.parseDouble(list.getDomAttribute("data-lat")))
        .isEqualTo(first.getDouble("lat"));
    waitForList(apiNearest(list.getDomAttribute("data-lat"), list.getDomAttribute("data-lon"), ""));
    screenshot("map-phone-search.png");
  }

  @Test
  void theBrowsersGcj02ConversionIsTheServers() {
    openFresh();
    double[][] points = {
      {116.404, 39.915}, {112.5489, 37.8706}, {121.4737, 31.2304}, {2.35, 48.85}
    };
    for (double[] p : points) {
      @SuppressWarnings("unchecked")
      List<Number> js =
          (List<Number>)
              driver.executeScript("return YzCrs.wgsToGcj(arguments[0], arguments[1])", p[0], p[1]);
      double[] java = ChinaCrs.wgsToGcj(p[0], p[1]);
      assertThat(js.get(0).doubleValue())
          .isCloseTo(java[0], org.assertj.core.data.Offset.offset(1e-9));
      assertThat(js.get(1).doubleValue())
          .isCloseTo(java[1], org.assertj.core.data.Offset.offset(1e-9));
      @SuppressWarnings("unchecked")
      List<Number> back =
          (List<Number>)
              driver.executeScript(
                  "return YzCrs.gcjToWgs(arguments[0], arguments[1])", java[0], java[1]);
      assertThat(back.get(0).doubleValue())
          .isCloseTo(p[0], org.assertj.core.data.Offset.offset(1e-8));
      assertThat(back.get(1).doubleValue())
          .isCloseTo(p[1], org.assertj.core.data.Offset.offset(1e-8));
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The page with nothing remembered from an earlier test. */
  static void openFresh() {
    openFresh(driver, baseUrl);
  }

  static void openFresh(ChromeDriver d, String base) {
    d.get(base + "/");
    d.executeScript("localStorage.clear();");
    d.get(base + "/");
  }

  static List<WebElement> waitForNearestFromGps() {
    return waitForNearestFromGps(driver);
  }

  static List<WebElement> waitForNearestFromGps(ChromeDriver d) {
    new WebDriverWait(d, WAIT)
        .withMessage(
            () ->
                "the nearest list never filled: "
                    + d.findElement(By.id("nearest-status")).getText())
        .until(
            x ->
                x.findElement(By.id("nearest-status")).getText().contains("离您最近")
                    && x.findElements(NEAREST_ITEMS).size() == NEAREST_COUNT
                    // the map comes after the list: wait until it has drawn the view
                    && x.findElement(By.id("map")).getDomAttribute("data-count") != null);
    return d.findElements(NEAREST_ITEMS);
  }

  private static void waitForList(List<String> expected) {
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "list " + listedIds(driver) + " expected " + expected)
        .until(d -> listedIds(driver).equals(expected));
  }

  /** The listed station ids, read in one script so a redraw cannot go stale under the test. */
  @SuppressWarnings("unchecked")
  static List<String> listedIds(ChromeDriver d) {
    return (List<String>)
        d.executeScript(
            "return [...document.querySelectorAll('#nearest li')].map(li => li.dataset.stationId)");
  }

  static List<String> ids(List<WebElement> items) {
    return items.stream().map(li -> li.getDomAttribute("data-station-id")).toList();
  }

  /**
   * The server's own answer for the same question in the order the page must show: the server's,
   * with the stations closed now moved after the others (worker-map.md, the nearest list).
   */
  static List<String> apiNearest(String lat, String lon, String filters) {
    try {
      HttpResponse<String> response =
          http.get(
              "/api/v1/stations/nearby?lat="
                  + lat
                  + "&lon="
                  + lon
                  + "&limit="
                  + NEAREST_COUNT
                  + filters);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return openFirst(new JsonObject(response.body()).getJsonArray("features"));
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The ids of a nearby answer's features, the closed ones after the others, else in order. */
  static List<String> openFirst(JsonArray features) {
    List<String> open = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      JsonObject props = features.getJsonObject(i).getJsonObject("properties");
      ("closed".equals(props.getString("open_state")) ? closed : open).add(props.getString("id"));
    }
    open.addAll(closed);
    return open;
  }

  /**
   * The listed stations that show live seats at any hour: open round the clock, or with no hours
   * known. A station closed now shows "closed, no seats" instead of its count, so a test that
   * watches a count arrive must not depend on the hour at which it runs.
   */
  static List<String> alwaysOpen(List<String> listed) throws Exception {
    List<String> out = new ArrayList<>();
    for (String id : listed) {
      String hours =
          new JsonObject(http.get("/api/v1/stations/" + id).body())
              .getJsonObject("properties")
              .getString("opening_hours");
      if (hours == null || hours.equals("24/7")) {
        out.add(id);
      }
    }
    assertThat(out).as("listed stations open round the clock or of unknown hours").isNotEmpty();
    return out;
  }

  /** The item at the index, or the last one when the list is shorter. */
  static String pick(List<String> ids, int index) {
    return ids.get(Math.min(index, ids.size() - 1));
  }

  static JsonObject propertiesOf(JsonArray features, String id) {
    for (int i = 0; i < features.size(); i++) {
      JsonObject props = features.getJsonObject(i).getJsonObject("properties");
      if (props.getString("id").equals(id)) {
        return props;
      }
    }
    throw new AssertionError("no feature " + id + " in " + features);
  }

  private static int capacityOf(String stationId) throws Exception {
    return new JsonObject(http.get("/api/v1/stations/" + stationId).body())
        .getJsonObject("properties")
        .getInteger("capacity");
  }

  /** A reading from a freshly provisioned device of the station, over real MQTT, QoS 1. */
  static void publish(String stationId, int seq, String fields) throws Exception {
    publishAged(stationId, seq, 60, Duration.ZERO, fields);
  }

  /**
   * A reading from a freshly provisioned device of the station reporting every {@code intervalS},
   * measured {@code age} before it is sent; returns its measurement time after the PUBACK, which
   * comes after the commit.
   */
  static Instant publishAged(String stationId, int seq, int intervalS, Duration age, String fields)
      throws Exception {
    JsonObject device = http.provisionDevice(stationId, intervalS);
    MqttClient client =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(),
            device.getString("id"),
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(device.getString("id"));
    options.setPassword(device.getString("secret").toCharArray());
    client.connect(options);
    Instant ts = Instant.now().minus(age).truncatedTo(ChronoUnit.SECONDS);
    MqttMessage reading =
        new MqttMessage(
            ("{\"seq\":" + seq + ",\"ts\":\"" + ts + "\"," + fields + "}")
                .getBytes(StandardCharsets.UTF_8));
    reading.setQos(1);
    client.publish(
        "yz/v1/st/" + stationId + "/dev/" + device.getString("id") + "/telemetry", reading);
    client.disconnect();
    client.close();
    return ts;
  }

  static void screenshot(String name) throws IOException {
    screenshot(driver, name);
  }

  static void screenshot(ChromeDriver d, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = d.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
