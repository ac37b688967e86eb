package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.web.MapPageBrowserIT.NEAREST_COUNT;
import static org.yizhan.web.MapPageBrowserIT.USER_LAT;
import static org.yizhan.web.MapPageBrowserIT.USER_LON;
import static org.yizhan.web.MapPageBrowserIT.WAIT;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * What the phone map's service worker keeps for a phone that loses its network (worker-map.md
 * "Offline"): a copied answer's live values are aged from when it was stored, so they turn stale;
 * only copies carry {@code X-Yizhan-Stored-At}; at most 80 answers are kept; live streams, admin
 * calls and writes are never kept. Each case has its own server, which it stops to go offline.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MapPageOfflineCacheBrowserIT {

  private static final String DATA_CACHE = "yizhan-data-v1";

  /** The URLs of the data cache, oldest first, as the script's result. */
  private static final String CACHED_URLS =
      "const done = arguments[0];"
          + " caches.open('"
          + DATA_CACHE
          + "').then(c => c.keys()).then(k => done(k.map(r => r.url)), e => done(['error ' + e]));";

  @Test
  void aCopiedAnswerIsAgedFromWhenItWasStoredSoItsLiveValuesTurnStale() throws Exception {
    Chromium.requireInstalled();
    Server server = TestServers.start(Optional.of("shanxi"));
    Http http = new Http(server.port());
    String base = "http://127.0.0.1:" + server.port();
    Path profile = Files.createTempDirectory("yizhan-chromium");
    ChromeDriver d = MapPageBrowserIT.startPhone(profile, base);
    boolean serverClosed = false;
    try {
      MapPageBrowserIT.openFresh(d, base);
      MapPageBrowserIT.waitForNearestFromGps(d);
      awaitServiceWorkerControl(d);
      String stationId = MapPageBrowserIT.listedIds(d).get(0);
      // A device reporting every 5 s: its reading is current for 15 s, then stale.
      Instant measured = publish(server, http, stationId, 5, "\"occupancy\":2");

      // A visit under the service worker: it stores the answer with the current value.
      d.navigate().refresh();
      MapPageBrowserIT.waitForNearestFromGps(d);
      String nearbyUrl =
          base
              + "/api/v1/stations/nearby?lat="
              + USER_LAT
              + "&lon="
              + USER_LON
              + "&limit="
              + NEAREST_COUNT;
      new WebDriverWait(d, WAIT)
          .withMessage("the nearby answer was never stored with the current reading")
          .until(x -> "current".equals(cachedOccupancyState(d, nearbyUrl, stationId)));
      assertThat(Instant.now())
          .as("the copy was stored while the value was current")
          .isBefore(measured.plusSeconds(15));

      server.close();
      serverClosed = true;
      // Only the service worker's copy can answer: the page's own saved list is removed.
      d.executeScript("localStorage.removeItem('yizhan.last-results');");
      long wait = Duration.between(Instant.now(), measured.plusSeconds(18)).toMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      d.navigate().refresh();
      By live = By.cssSelector("#nearest li[data-station-id='" + stationId + "'] .live");
      new WebDriverWait(d, WAIT)
          .withMessage(
              () -> "no copied list offline: " + d.findElement(By.id("nearest-status")).getText())
          .until(
              x ->
                  x.findElement(By.id("nearest-status")).getText().startsWith("上次的结果")
                      && !x.findElements(live).isEmpty());
      // Read at once, before the page's 10 s tick could age a value on its own.
      String text = d.findElement(live).getText();
      assertThat(text)
          .as("a value stored current but older than three intervals now")
          .contains("人数已过时")
          .contains("2 人")
          .doesNotContain("空位");
      assertThat(d.findElement(By.id("net-note")).isDisplayed()).isTrue();
      assertThat(MapPageBrowserIT.scriptProblems(d)).as("browser console").isEmpty();
    } finally {
      d.quit();
      if (!serverClosed) {
        server.close();
      }
      Chromium.deleteQuietly(profile);
    }
  }

  @Test
  void onlyCopiesAreMarkedAtMost80AreKeptAndLiveAdminAndWritesAreNeverKept() throws Exception {
    Chromium.requireInstalled();
    Server server = TestServers.start(Optional.of("shanxi"));
    String base = "http://127.0.0.1:" + server.port();
    Path profile = Files.createTempDirectory("yizhan-chromium");
    ChromeDriver d = MapPageBrowserIT.startPhone(profile, base);
    boolean serverClosed = false;
    try {
      MapPageBrowserIT.openFresh(d, base);
      MapPageBrowserIT.waitForNearestFromGps(d);
      awaitServiceWorkerControl(d);
      // Under the service worker's control the page's own live stream goes through it too.
      d.navigate().refresh();
      MapPageBrowserIT.waitForNearestFromGps(d);
      String stationId = MapPageBrowserIT.listedIds(d).get(0);

      @SuppressWarnings("unchecked")
      Map<String, Object> online =
          (Map<String, Object>)
              d.executeAsyncScript(
                  "const [token, station, done] = arguments;"
                      + " (async () => {"
                      + " let storedAt = null;"
                      + " for (let i = 0; i < 100; i++) {"
                      + " const r = await fetch('/api/v1/stations/nearby?lat='"
                      + " + (37.7 + i * 0.001).toFixed(3) + '&lon=112.5&limit=1');"
                      + " if (!r.ok) throw new Error('nearby ' + r.status);"
                      + " storedAt = storedAt || r.headers.get('X-Yizhan-Stored-At');"
                      + " await r.text(); }"
                      // after the 100 reads, so a kept admin answer would be among the newest
                      + " const admin = await fetch('/api/v1/fleet/summary',"
                      + " { headers: { Authorization: 'Bearer ' + token } });"
                      + " await admin.text();"
                      + " const write = await fetch('/api/v1/stations/' + station + '/feedback',"
                      + " { method: 'POST', headers: { 'Content-Type': 'application/json' },"
                      + " body: JSON.stringify({ kind: 'no_water' }) });"
                      + " await (await fetch('/api/v1/stations/nearby?lat=37.850&lon=112.5&limit=1'))"
                      + ".text();"
                      + " return { admin: admin.status, write: write.status, storedAt: storedAt };"
                      + " })().then(done, e => done({ error: String(e) }));",
                  TestServers.ADMIN_TOKEN,
                  stationId);
      assertThat(online.get("admin")).as(online.toString()).isEqualTo(200L);
      assertThat(((Number) online.get("write")).intValue())
          .as(online.toString())
          .isBetween(200, 299);
      assertThat(online.get("storedAt")).as("answers from the network are not marked").isNull();

      String first = base + "/api/v1/stations/nearby?lat=37.700&lon=112.5&limit=1";
      String last = base + "/api/v1/stations/nearby?lat=37.850&lon=112.5&limit=1";
      new WebDriverWait(d, WAIT)
          .withMessage(() -> "the cache never settled: " + cachedUrls(d).size() + " answers")
          .until(x -> cachedUrls(d).contains(last) && cachedUrls(d).size() <= 80);
      List<String> urls = cachedUrls(d);
      assertThat(urls).as("at most 80 answers, the newest kept").hasSize(80).doesNotContain(first);
      assertThat(urls)
          .as("live streams, admin calls and writes")
          .noneMatch(u -> u.contains("/live"))
          .noneMatch(u -> u.contains("/fleet/"))
          .noneMatch(u -> u.contains("/feedback"));

      long beforeClose = System.currentTimeMillis();
      server.close();
      serverClosed = true;
      @SuppressWarnings("unchecked")
      Map<String, Object> offline =
          (Map<String, Object>)
              d.executeAsyncScript(
                  "const [last, token, done] = arguments;"
                      + " const outcome = (p) => p.then(r => 'answered ' + r.status,"
                      + " e => 'failed');"
                      + " (async () => {"
                      + " const copy = await fetch(last);"
                      + " return { copy: copy.status,"
                      + " storedAt: copy.headers.get('X-Yizhan-Stored-At'),"
                      + " admin: await outcome(fetch('/api/v1/fleet/summary',"
                      + " { headers: { Authorization: 'Bearer ' + token } })),"
                      + " live: await outcome(fetch('/api/v1/live?bbox=112,37,113,38')) };"
                      + " })().then(done, e => done({ error: String(e) }));",
                  last,
                  TestServers.ADMIN_TOKEN);
      assertThat(offline.get("copy")).as(offline.toString()).isEqualTo(200L);
      assertThat(Long.parseLong(String.valueOf(offline.get("storedAt"))))
          .as("the copy says when it was stored")
          .isLessThanOrEqualTo(beforeClose)
          .isGreaterThan(beforeClose - WAIT.toMillis() * 3);
      assertThat(offline.get("admin")).as("an admin answer is never kept").isEqualTo("failed");
      assertThat(offline.get("live")).as("a live stream is never kept").isEqualTo("failed");
    } finally {
      d.quit();
      if (!serverClosed) {
        server.close();
      }
      Chromium.deleteQuietly(profile);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> cachedUrls(ChromeDriver d) {
    return (List<String>) d.executeAsyncScript(CACHED_URLS);
  }

  /** The occupancy state of a station in the stored copy of the answer at url..., or null. */
  private static String cachedOccupancyState(ChromeDriver d, String url, String stationId) {
    return (String)
        d.executeAsyncScript(
            "const [url, id, done] = arguments;"
                + " caches.open('"
                + DATA_CACHE
                + "').then(async c => { const k = (await c.keys()).find(r => r.url.startsWith(url));"
                + " return k ? c.match(k) : null; })"
                + ".then(r => r ? r.json() : null)"
                + ".then(j => { const f = j && j.features.find(x => x.properties.id === id);"
                + " done(f && f.properties.live ? f.properties.live.occupancy_state || null : null); },"
                + " () => done(null));",
            url,
            stationId);
  }

  /** Waits until the service worker controls the page, loading it again once if it does not. */
  private static void awaitServiceWorkerControl(ChromeDriver d) {
    String controlled = "return navigator.serviceWorker.controller !== null";
    try {
      new WebDriverWait(d, WAIT).until(x -> (Boolean) d.executeScript(controlled));
    } catch (org.openqa.selenium.TimeoutException e) {
      d.navigate().refresh();
      new WebDriverWait(d, WAIT)
          .withMessage("the service worker never took control of the page")
          .until(x -> (Boolean) d.executeScript(controlled));
    }
  }

  /** One reading from a freshly provisioned device reporting every {@code intervalS}, QoS 1. */
  private static Instant publish(
      Server server, Http http, String stationId, int intervalS, String fields) throws Exception {
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
    Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MqttMessage reading =
        new MqttMessage(
            ("{\"seq\":1,\"ts\":\"" + ts + "\"," + fields + "}").getBytes(StandardCharsets.UTF_8));
    reading.setQos(1);
    client.publish(
        "yz/v1/st/" + stationId + "/dev/" + device.getString("id") + "/telemetry", reading);
    client.disconnect();
    client.close();
    return ts;
  }
}
