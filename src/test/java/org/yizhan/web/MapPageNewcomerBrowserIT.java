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
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.station.hours.OpeningHours;
import org.yizhan.testing.ChinaToday;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.DayPartitions;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * What a newcomer tripped on in the phone map (issue 17), in a real Chromium with a 360 px phone
 * screen against a real server with the Shanxi demo network: closed stations after open ones and
 * without free seats, no made-up occupancy figures, opening hours in words, tap targets for gloved
 * fingers, a report form with nothing chosen for the worker, a favicon and a web app manifest.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MapPageNewcomerBrowserIT {

  private static final Duration WAIT = MapPageBrowserIT.WAIT;
  private static final int PHONE_WIDTH = 360;
  private static final int TAP_PX = 44;
  private static final double USER_LAT = Double.parseDouble(MapPageBrowserIT.USER_LAT);
  private static final double USER_LON = Double.parseDouble(MapPageBrowserIT.USER_LON);

  /** Visible controls (a checkbox counts by its label) smaller than a gloved finger. */
  private static final String SMALL_TARGETS =
      """
      const out = [];
      const vw = document.documentElement.clientWidth;
      const selector = 'button, a[href], input, select, textarea, summary,'
          + ' .leaflet-marker-icon.leaflet-interactive';
      for (const c of document.querySelectorAll(selector)) {
        const box = (c.type === 'checkbox' || c.type === 'radio') ? (c.closest('label') || c) : c;
        if (!box.offsetParent || getComputedStyle(box).visibility === 'hidden') continue;
        const r = box.getBoundingClientRect();
        if (r.width === 0 || r.right <= 0 || r.left >= vw) continue; // the skip link until focused
        if (r.width < arguments[0] - 0.5 || r.height < arguments[0] - 0.5) {
          out.push(box.tagName + '.' + box.className + ' "' + (box.textContent || box.title || '')
              .trim().slice(0, 24) + '" ' + Math.round(r.width) + 'x' + Math.round(r.height));
        }
      }
      return out;
      """;

  /** Pairs of the given markers whose boxes cover each other. */
  private static final String OVERLAPS =
      """
      const boxes = [...document.querySelectorAll(arguments[0])].map((m) =>
          [m.textContent.trim(), m.getBoundingClientRect()]);
      const out = [];
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i][1], b = boxes[j][1];
          if (a.left < b.right - 0.5 && b.left < a.right - 0.5
              && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
            out.push(boxes[i][0] + ' over ' + boxes[j][0]);
          }
        }
      }
      return out;
      """;

  /** Cluster counts and marker numbers that are not whole and centred inside their circle. */
  private static final String CLIPPED_COUNTS =
      """
      const out = [];
      for (const icon of document.querySelectorAll(arguments[0])) {
        const span = icon.querySelector('span');
        const outer = icon.getBoundingClientRect();
        const inner = span.getBoundingClientRect();
        const border = parseFloat(getComputedStyle(icon).borderLeftWidth);
        if (span.scrollWidth > span.clientWidth + 0.5 || inner.width > outer.width - 2 * border
            || inner.left < outer.left + border - 0.5 || inner.right > outer.right - border + 0.5) {
          out.push(span.textContent + ' in ' + Math.round(outer.width) + ' px');
        }
        const dx = (inner.left + inner.right - outer.left - outer.right) / 2;
        const dy = (inner.top + inner.bottom - outer.top - outer.bottom) / 2;
        if (Math.abs(dx) > 3 || Math.abs(dy) > 3) {
          out.push(span.textContent + ' off centre by ' + Math.round(dx) + ',' + Math.round(dy));
        }
      }
      return out;
      """;

  /** [width the search placeholder needs, width the box has for it] in CSS pixels. */
  private static final String PLACEHOLDER_ROOM =
      """
      const input = document.getElementById('search-input');
      const cs = getComputedStyle(input);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = cs.fontStyle + ' ' + cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
      return [ctx.measureText(input.placeholder).width,
          input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)];
      """;

  private static Server server;
  private static Http http;
  private static String base;
  private static Path profile;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    server = TestServers.start(Optional.of("shanxi"));
    http = new Http(server.port());
    base = "http://127.0.0.1:" + server.port();
    profile = Files.createTempDirectory("yizhan-chromium");
    driver = MapPageBrowserIT.startPhone(profile, base);
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", PHONE_WIDTH, "height", 740, "deviceScaleFactor", 2, "mobile", true));
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
  void theListLeadsWithOpenStationsAndAClosedOneShowsNoFreeSeats() throws Exception {
    // Two stations closed now, nearer than anything else, one of them with free seats reported;
    // a 24/7 one a little farther.
    String closedHours = closedNow();
    createAt("night-a", "夜里关门甲", 15, closedHours);
    createAt("night-b", "夜里关门乙", 30, closedHours);
    createAt("night-open", "通宵开门", 45, "24/7");
    publish("night-a", "\"occupancy\":1");
    JsonArray answer = nearbyOnceLive("night-a");
    List<String> serverOrder = new ArrayList<>();
    answer.forEach(
        f -> serverOrder.add(((JsonObject) f).getJsonObject("properties").getString("id")));
    assertThat(serverOrder)
        .as("the server's order leads with the nearest, closed ones")
        .startsWith("night-a", "night-b");
    JsonObject a = MapPageBrowserIT.propertiesOf(answer, "night-a");
    assertThat(a.getString("open_state")).isEqualTo("closed");
    assertThat(a.getJsonObject("live").getInteger("free_seats")).isEqualTo(5);

    openFresh("");
    waitForList();
    List<String> shown = listedIds();
    List<String> expected = MapPageBrowserIT.openFirst(answer);
    assertThat(shown)
        .as("open stations first, each group in the server's order")
        .isEqualTo(expected);
    assertThat(shown.get(0)).isEqualTo("night-open");
    assertThat(shown.indexOf("night-a")).isLessThan(shown.indexOf("night-b"));
    for (int i = 0; i < shown.size(); i++) {
      boolean closed =
          "closed"
              .equals(MapPageBrowserIT.propertiesOf(answer, shown.get(i)).getString("open_state"));
      if (closed) {
        assertThat(shown.subList(i, shown.size()))
            .as("nothing open after a closed station")
            .allMatch(
                id ->
                    "closed"
                        .equals(MapPageBrowserIT.propertiesOf(answer, id).getString("open_state")));
        break;
      }
    }
    WebElement closed = item("night-a");
    assertThat(closed.findElements(By.cssSelector(".seats-free")))
        .as("no green free-seat count at a closed station")
        .isEmpty();
    assertThat(closed.findElement(By.cssSelector(".state")).getText()).matches("已关闭，.*开门");
    assertThat(closed.findElement(By.cssSelector(".live")).getText())
        .contains("关门中")
        .doesNotContain("空位 5");
    WebElement order = driver.findElement(By.id("nearest-order"));
    assertThat(order.isDisplayed()).as("the order is said").isTrue();
    assertThat(order.getText()).contains("营业中的驿站排在前面");

    driver.findElement(By.id("lang")).click();
    new WebDriverWait(driver, WAIT)
        .until(
            d -> d.findElement(By.id("nearest-order")).getText().contains("open now come first"));
    assertThat(item("night-a").findElement(By.cssSelector(".state")).getText())
        .matches("Closed, opens .*");
    assertThat(item("night-a").getText()).contains("Closed: no seats now");
    driver.findElement(By.id("lang")).click();
  }

  @Test
  void withoutHistoryTheOccupancySentenceSaysSoAndTheLegendNamesOnlyWhatIsDrawn() throws Exception {
    createAt("fresh-1", "新开驿站", 2_000, "24/7");
    Instant now = ChinaToday.stamp();
    DayPartitions.cover(server.database().dataSource(), now.minus(Duration.ofDays(1)), now);
    try (var c = server.database().dataSource().getConnection();
        var ps =
            c.prepareStatement(
                "INSERT INTO reading (time, station_id, device_id, seq, occupancy, received_at)"
                    + " VALUES (?, 'fresh-1', 'fresh-dev', 1, 4, now())")) {
      ps.setTimestamp(1, java.sql.Timestamp.from(now));
      ps.executeUpdate();
    }
    openFresh("#station=fresh-1");
    new WebDriverWait(driver, WAIT)
        .until(d -> !d.findElements(By.cssSelector(".busy-chart rect.today")).isEmpty());
    assertThat(driver.findElements(By.cssSelector(".busy-chart rect.typical"))).isEmpty();
    String sentence = driver.findElement(By.cssSelector(".busy-summary")).getText();
    assertThat(sentence)
        .contains("还没有足够的历史数据")
        .doesNotContain("?")
        .doesNotContain("最忙")
        .doesNotContain("平时");
    String legend = driver.findElement(By.cssSelector(".busy-legend")).getText();
    assertThat(legend).contains("蓝色").doesNotContain("灰色");
  }

  @Test
  void openingHoursAreShownInWordsInBothLanguages() throws Exception {
    // spec, Chinese, English; each a form the registry accepts
    String[][] forms = {
      {"Mo-Su 08:00-20:00", "每天 08:00–20:00", "Daily 08:00–20:00"},
      {"08:00-20:00", "每天 08:00–20:00", "Daily 08:00–20:00"},
      {"24/7", "每天 24 小时开放", "Open 24 hours, every day"},
      {
        "Mo-Fr 08:00-18:00; Sa,Su off",
        "周一至周五 08:00–18:00；周六、周日休息",
        "Mon–Fri 08:00–18:00; Sat, Sun closed"
      },
      {
        "Mo,We,Fr 09:00-12:00,14:00-17:30",
        "周一、周三、周五 09:00–12:00、14:00–17:30",
        "Mon, Wed, Fri 09:00–12:00, 14:00–17:30"
      },
      {"Mo-Sa 07:00-19:00; Su closed", "周一至周六 07:00–19:00；周日休息", "Mon–Sat 07:00–19:00; Sun closed"},
      {"Fr-Mo 22:00-06:00", "周五至周一 22:00–06:00", "Fri–Mon 22:00–06:00"},
      {"Mo-Fr 00:00-24:00", "周一至周五 全天", "Mon–Fri all day"},
      // a form not put in words (holidays): shown as it is
      {"Mo-Fr 08:00-18:00; PH off", "Mo-Fr 08:00-18:00; PH off", "Mo-Fr 08:00-18:00; PH off"},
    };
    for (int i = 0; i < forms.length; i++) {
      OpeningHours.parse(forms[i][0]); // the registry's parser accepts it
      createAt("hours-" + i, "营业时间" + i, 3_000 + 20 * i, forms[i][0]);
    }
    openFresh("");
    for (int i = 0; i < forms.length; i++) {
      driver.executeScript("location.hash = arguments[0];", "station=hours-" + i);
      assertThat(hoursShown("营业时间" + i, "开放时间")).as(forms[i][0]).isEqualTo(forms[i][1]);
      // the switch is under the station page: pressed as the list's would be
      driver.executeScript("document.getElementById('lang').click();");
      assertThat(hoursShown("营业时间" + i, "Opening hours")).as(forms[i][0]).isEqualTo(forms[i][2]);
      driver.executeScript("document.getElementById('lang').click();");
    }
  }

  @Test
  void everyControlIsAGlovedFingersSizeOnA360PxScreenInBothLanguages() throws Exception {
    for (String lang : List.of("zh", "en")) {
      openFresh("?lang=" + lang);
      waitForList();
      new WebDriverWait(driver, WAIT)
          .until(d -> !d.findElements(By.cssSelector(".leaflet-control-zoom a")).isEmpty());
      assertThat(smallTargets()).as("small targets on the list and map (%s)", lang).isEmpty();
      assertThat(horizontalOverflow()).as("page wider than the screen (%s)", lang).isZero();
      @SuppressWarnings("unchecked")
      List<Number> room = (List<Number>) driver.executeScript(PLACEHOLDER_ROOM);
      assertThat(room.get(0).doubleValue())
          .as("the search placeholder fits its box (%s)", lang)
          .isLessThanOrEqualTo(room.get(1).doubleValue());
      driver.findElement(By.cssSelector("#more-filters > summary")).click();
      assertThat(smallTargets()).as("small targets among the filters (%s)", lang).isEmpty();
      assertThat(horizontalOverflow()).as("filters wider than the screen (%s)", lang).isZero();
      driver.findElement(By.cssSelector("#more-filters > summary")).click();

      // the numbered markers of the nearest ten never cover each other, at any zoom
      for (int zoom = 11; zoom <= 17; zoom++) {
        driver.executeScript(
            "yizhanMap.setView([arguments[0], arguments[1]], arguments[2], { animate: false });",
            USER_LAT,
            USER_LON,
            zoom);
        assertThat(driver.findElements(By.cssSelector(".leaflet-marker-icon.rank"))).hasSize(10);
        assertThat(overlaps(".leaflet-marker-icon.rank, .leaflet-tooltip"))
            .as("numbered markers and the position's label at zoom %d", zoom)
            .isEmpty();
        assertThat(clipped(".leaflet-marker-icon.rank")).as("numbers at zoom %d", zoom).isEmpty();
      }
      // the province: counted clusters, each count whole and uncovered
      driver.executeScript("yizhanMap.setView([37.5, 112.3], 7, { animate: false });");
      new WebDriverWait(driver, WAIT)
          .until(d -> "clusters".equals(d.findElement(By.id("map")).getDomAttribute("data-mode")));
      assertThat(driver.findElements(By.cssSelector(".leaflet-marker-icon.cluster"))).isNotEmpty();
      assertThat(clipped(".leaflet-marker-icon.cluster")).as("cluster counts (%s)", lang).isEmpty();
      assertThat(overlaps(".leaflet-marker-icon.cluster"))
          .as("clusters covering each other")
          .isEmpty();
      assertThat(smallTargets()).as("small targets at province zoom (%s)", lang).isEmpty();
      MapPageBrowserIT.screenshot(driver, "map-phone-360-clusters-" + lang + ".png");

      // the station page, with a phone number
      createPhoneStation();
      driver.get(base + "/?lang=" + lang + "#station=phone-1");
      new WebDriverWait(driver, WAIT)
          .until(d -> !d.findElements(By.cssSelector("#station-body a.tel")).isEmpty());
      assertThat(smallTargets()).as("small targets on the station page (%s)", lang).isEmpty();
      assertThat(horizontalOverflow()).as("station page wider than the screen (%s)", lang).isZero();
      MapPageBrowserIT.screenshot(driver, "map-phone-360-station-" + lang + ".png");
    }
  }

  @Test
  void theProblemReportChoosesNothingAndAsksForAChoice() throws Exception {
    createAt("report-1", "报告驿站", 4_000, "24/7");
    openFresh("#station=report-1");
    new WebDriverWait(driver, WAIT)
        .until(d -> !d.findElements(By.cssSelector(".report-form select")).isEmpty());
    Select kind = new Select(driver.findElement(By.cssSelector(".report-form select")));
    assertThat(kind.getFirstSelectedOption().getDomAttribute("value")).isEmpty();
    assertThat(kind.getFirstSelectedOption().getText()).isEqualTo("请选择…");
    driver.findElement(By.cssSelector(".report-form button")).click();
    new WebDriverWait(driver, WAIT)
        .until(d -> d.findElement(By.cssSelector(".report-result")).getText().contains("请先选择问题类型"));
    assertThat(
            driver
                .findElement(By.cssSelector(".report-form select"))
                .getDomAttribute("aria-invalid"))
        .isEqualTo("true");
    JsonArray stored =
        new JsonObject(http.send(http.admin("/api/v1/feedback?station_id=report-1")).body())
            .getJsonArray("feedback");
    assertThat(stored).as("nothing sent").isEmpty();

    // the server refuses a report without a kind, naming the field
    HttpResponse<String> refused =
        http.send(
            http.request("/api/v1/stations/report-1/feedback")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"没选类型\"}")));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(refused.body()).contains("kind");

    kind.selectByValue("dirty");
    driver.findElement(By.cssSelector(".report-form button")).click();
    new WebDriverWait(driver, WAIT)
        .until(d -> d.findElement(By.cssSelector(".report-result")).getText().contains("已提交"));
  }

  @Test
  void theMapHasAFaviconAndAManifestToAddItToAHomeScreen() throws Exception {
    openFresh("");
    String manifestHref =
        (String) driver.executeScript("return document.querySelector('link[rel=manifest]').href");
    String iconHref =
        (String) driver.executeScript("return document.querySelector('link[rel=icon]').href");
    assertThat(manifestHref).isEqualTo(base + "/manifest.webmanifest");
    assertThat(iconHref).isEqualTo(base + "/icons/favicon.svg");

    HttpResponse<String> m = http.get("/manifest.webmanifest");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/manifest+json"));
    JsonObject manifest = new JsonObject(m.body());
    assertThat(manifest.getString("name")).isNotBlank();
    assertThat(manifest.getString("short_name")).isNotBlank();
    assertThat(manifest.getString("start_url")).isEqualTo("/");
    assertThat(manifest.getString("display")).isEqualTo("standalone");
    assertThat(manifest.getString("theme_color")).isEqualTo("#0b4f8a");
    List<String> sizes = new ArrayList<>();
    for (Object o : manifest.getJsonArray("icons")) {
      JsonObject icon = (JsonObject) o;
      HttpResponse<byte[]> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(java.net.URI.create(base + icon.getString("src"))).build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(icon.getString("src")).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .as(icon.getString("src"))
          .startsWith(icon.getString("type"));
      if ("image/png".equals(icon.getString("type"))) {
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(r.body()));
        assertThat(image.getWidth() + "x" + image.getHeight()).isEqualTo(icon.getString("sizes"));
        sizes.add(icon.getString("sizes"));
      }
    }
    assertThat(sizes).contains("192x192", "512x512");
    HttpResponse<String> svg = http.get("/icons/favicon.svg");
    assertThat(svg.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("image/svg+xml"));
  }

  // ------------------------------------------------------------------ helpers

  /** Daily hours that leave out the present hour in China: the station is closed now. */
  private static String closedNow() {
    int hour = ZonedDateTime.now(OpeningHours.ZONE).getHour();
    int from = (hour + 2) % 24;
    int to = (hour + 3) % 24;
    return String.format(
        "Mo-Su %02d:00-%s", from, to == 0 ? "24:00" : String.format("%02d:00", to));
  }

  /** The server's nearby answer at the phone, once it has a current count for {@code id}. */
  private static JsonArray nearbyOnceLive(String id) throws Exception {
    Instant until = Instant.now().plus(WAIT);
    while (true) {
      JsonArray answer =
          new JsonObject(
                  http.get(
                          "/api/v1/stations/nearby?limit=10&lat="
                              + MapPageBrowserIT.USER_LAT
                              + "&lon="
                              + MapPageBrowserIT.USER_LON)
                      .body())
              .getJsonArray("features");
      JsonObject live = MapPageBrowserIT.propertiesOf(answer, id).getJsonObject("live");
      if (live != null && "current".equals(live.getString("occupancy_state"))) {
        return answer;
      }
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("no current count for " + id + ": " + answer);
      }
      Thread.sleep(100);
    }
  }

  /** A station {@code metresNorth} of the emulated phone with these hours. */
  private static void createAt(String id, String name, double metresNorth, String hours)
      throws Exception {
    http.createStation(
        USER_LON,
        USER_LAT + metresNorth / 111_195.0,
        new JsonObject()
            .put("id", id)
            .put("name_zh", name)
            .put("kind", "urban_rest_station")
            .put("capacity", 6)
            .put("opening_hours", hours));
  }

  private static void createPhoneStation() throws Exception {
    if (http.get("/api/v1/stations/phone-1").statusCode() == 200) {
      return;
    }
    http.createStation(
        USER_LON + 0.05,
        USER_LAT,
        new JsonObject()
            .put("id", "phone-1")
            .put("name_zh", "有电话的驿站")
            .put("kind", "urban_rest_station")
            .put("capacity", 6)
            .put("opening_hours", "24/7")
            .put("phone", "0351-1234567"));
  }

  /** A current reading from a freshly provisioned device of the station, over real MQTT. */
  private static void publish(String stationId, String fields) throws Exception {
    JsonObject device = http.provisionDevice(stationId, 60);
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
    MqttMessage reading =
        new MqttMessage(
            ("{\"seq\":1,\"ts\":\"" + ts + "\"," + fields + "}").getBytes(StandardCharsets.UTF_8));
    reading.setQos(1);
    client.publish(
        "yz/v1/st/" + stationId + "/dev/" + device.getString("id") + "/telemetry", reading);
    client.disconnect();
    client.close();
  }

  /** The page at {@code tail} (a query or a hash) with nothing remembered from an earlier test. */
  private static void openFresh(String tail) {
    driver.get(base + "/");
    driver.executeScript("localStorage.clear();");
    driver.get(base + "/" + tail);
  }

  private static void waitForList() {
    new WebDriverWait(driver, WAIT)
        .withMessage(
            () ->
                driver.findElement(By.id("nearest-status")).getText()
                    + " / items "
                    + driver.findElements(MapPageBrowserIT.NEAREST_ITEMS).size()
                    + " / map "
                    + driver.findElement(By.id("map")).getDomAttribute("data-count")
                    + " / "
                    + driver.executeScript(
                        "return performance.getEntriesByType('resource')"
                            + ".map(r => r.name.replace(location.origin, '') + ' '"
                            + " + Math.round(r.duration)).join(', ')"))
        .until(
            d ->
                d.findElements(MapPageBrowserIT.NEAREST_ITEMS).size() == 10
                    && d.findElement(By.id("map")).getDomAttribute("data-count") != null);
  }

  private static List<String> listedIds() {
    return MapPageBrowserIT.listedIds(driver);
  }

  private static WebElement item(String id) {
    return driver.findElement(By.cssSelector("#nearest li[data-station-id='" + id + "']"));
  }

  /** The opening hours on the station page of the station named {@code name}, once shown. */
  private static String hoursShown(String name, String label) {
    String script =
        "const n = document.getElementById('station-name');"
            + " if (!n || n.textContent !== arguments[0]) return null;"
            + " const dt = [...document.querySelectorAll('.st-facts dt')]"
            + ".find((d) => d.textContent === arguments[1]);"
            + " return dt ? dt.nextElementSibling.textContent : null;";
    return new WebDriverWait(driver, WAIT)
        .until(d -> (String) driver.executeScript(script, name, label));
  }

  @SuppressWarnings("unchecked")
  private static List<String> smallTargets() {
    return (List<String>) driver.executeScript(SMALL_TARGETS, TAP_PX);
  }

  @SuppressWarnings("unchecked")
  private static List<String> clipped(String selector) {
    return (List<String>) driver.executeScript(CLIPPED_COUNTS, selector);
  }

  @SuppressWarnings("unchecked")
  private static List<String> overlaps(String selector) {
    return (List<String>) driver.executeScript(OVERLAPS, selector);
  }

  private static long horizontalOverflow() {
    return ((Number)
            driver.executeScript(
                "return Math.max(0, document.documentElement.scrollWidth"
                    + " - document.documentElement.clientWidth);"))
        .longValue();
  }
}
