package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.web.MapPageBrowserIT.NEAREST_COUNT;
import static org.yizhan.web.MapPageBrowserIT.WAIT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.config.TileConfig;
import org.yizhan.geo.ChinaCrs;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The worker map when things go wrong or differ: the server unreachable after a visit (the service
 * worker's copy and the saved results carry on), and a GCJ-02 base map (Amap), on which every
 * marker must be drawn shifted from the stored WGS-84 position. Each case has its own server.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MapPageOfflineBrowserIT {

  /**
   * Waits until the service worker controls the page. A worker that installs after the page's first
   * load claims it; on a busy machine the first install can miss the wait, and a page load (as the
   * worker's next visit would be) registers it again. The failure message says what state the
   * worker was in.
   */
  private static void awaitServiceWorkerControl(ChromeDriver d) {
    String controlled = "return navigator.serviceWorker.controller !== null";
    for (int attempt = 1; ; attempt++) {
      try {
        new WebDriverWait(d, WAIT).until(x -> (Boolean) d.executeScript(controlled));
        return;
      } catch (org.openqa.selenium.TimeoutException e) {
        Object state =
            d.executeAsyncScript(
                "const done = arguments[0];"
                    + " navigator.serviceWorker.getRegistration().then(r => done(r ? JSON.stringify({"
                    + " installing: r.installing && r.installing.state,"
                    + " waiting: r.waiting && r.waiting.state,"
                    + " active: r.active && r.active.state}) : 'no registration'),"
                    + " e => done('getRegistration failed: ' + e));");
        if (attempt == 2) {
          throw new AssertionError("the service worker never took control of the page: " + state);
        }
        d.navigate().refresh();
      }
    }
  }

  @Test
  void whenTheServerIsGoneThePageStillOpensWithTheLastResultsMarkedAsOld() throws Exception {
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
      // A visit under the service worker's control: it keeps the page and the answers.
      d.navigate().refresh();
      List<String> before = idsAfterLoad(d);
      new WebDriverWait(d, WAIT)
          .until(
              x ->
                  (Boolean)
                      d.executeAsyncScript(
                          "const done = arguments[0];"
                              + " caches.open('yizhan-data-v1').then(c => c.keys())"
                              + ".then(k => done(k.some(r => r.url.includes('/stations/nearby'))))"));

      server.close();
      serverClosed = true;
      d.navigate().refresh();
      new WebDriverWait(d, WAIT)
          .withMessage(
              () -> "no results offline: " + d.findElement(By.id("nearest-status")).getText())
          .until(x -> MapPageBrowserIT.listedIds(d).size() == NEAREST_COUNT);
      assertThat(MapPageBrowserIT.listedIds(d)).containsExactlyElementsOf(before);
      new WebDriverWait(d, WAIT)
          .withMessage("the page did not say the data is old")
          .until(x -> x.findElement(By.id("net-note")).isDisplayed());
      assertThat(d.findElement(By.id("net-note")).getText()).contains("网络已断开");
      assertThat(d.findElement(By.id("nearest-status")).getText()).startsWith("上次的结果");
      MapPageBrowserIT.screenshot(d, "map-phone-offline.png");
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
  void onAnAmapBaseMapEveryMarkerIsShiftedToGcj02() throws Exception {
    Chromium.requireInstalled();
    Server server =
        TestServers.start(
            Optional.of("shanxi"),
            c ->
                c.withTiles(
                    TileConfig.resolve(
                        "amap",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty())));
    Http http = new Http(server.port());
    String base = "http://127.0.0.1:" + server.port();
    Path profile = Files.createTempDirectory("yizhan-chromium");
    ChromeDriver d = MapPageBrowserIT.startPhone(profile, base);
    try {
      assertThat(new JsonObject(http.get("/api/v1/map-config").body()).getString("tile_crs"))
          .isEqualTo("gcj02");
      MapPageBrowserIT.openFresh(d, base);
      MapPageBrowserIT.waitForNearestFromGps(d);
      // The ranked markers of the nearest list, by their title (the station's name).
      new WebDriverWait(d, WAIT)
          .until(
              x -> ((Number) d.executeScript(RANK_MARKERS + "return out.length;")).intValue() > 0);
      @SuppressWarnings("unchecked")
      List<List<Object>> markers =
          (List<List<Object>>) d.executeScript(RANK_MARKERS + "return out;");
      JsonArray features =
          new JsonObject(
                  http.get(
                          "/api/v1/stations/nearby?lat="
                              + MapPageBrowserIT.USER_LAT
                              + "&lon="
                              + MapPageBrowserIT.USER_LON
                              + "&limit="
                              + NEAREST_COUNT)
                      .body())
              .getJsonArray("features");
      assertThat(markers).hasSize(features.size());
      // numbered in the page's order: the server's, with the stations closed now last
      List<String> order = MapPageBrowserIT.openFirst(features);
      for (int i = 0; i < features.size(); i++) {
        JsonObject feature = null;
        for (Object f : features) {
          if (((JsonObject) f).getJsonObject("properties").getString("id").equals(order.get(i))) {
            feature = (JsonObject) f;
          }
        }
        JsonArray c = feature.getJsonObject("geometry").getJsonArray("coordinates");
        double[] gcj = ChinaCrs.wgsToGcj(c.getDouble(0), c.getDouble(1));
        List<Object> m = markers.get(i);
        assertThat(((Number) m.get(0)).doubleValue())
            .as("marker %d latitude", i + 1)
            .isCloseTo(gcj[1], Offset.offset(1e-9));
        assertThat(((Number) m.get(1)).doubleValue())
            .as("marker %d longitude", i + 1)
            .isCloseTo(gcj[0], Offset.offset(1e-9));
        // hundreds of metres from where an unshifted marker would be
        assertThat(Math.abs(gcj[0] - c.getDouble(0)) + Math.abs(gcj[1] - c.getDouble(1)))
            .isGreaterThan(0.001);
      }
      assertThat(MapPageBrowserIT.scriptProblems(d)).as("browser console").isEmpty();
    } finally {
      d.quit();
      server.close();
      Chromium.deleteQuietly(profile);
    }
  }

  /** Collects [lat, lng] of the numbered markers, in rank order, into {@code out}. */
  private static final String RANK_MARKERS =
      "const out = [];"
          + " yizhanMap.eachLayer(l => { if (l.options && l.options.icon"
          + " && String(l.options.icon.options.className).startsWith('rank')) {"
          + " out.push([Number(l.options.icon.options.html.replace(/\\D/g, '')),"
          + " l.getLatLng().lat, l.getLatLng().lng]); } });"
          + " out.sort((a, b) => a[0] - b[0]); out.forEach(o => o.shift());";

  private static List<String> idsAfterLoad(ChromeDriver d) {
    MapPageBrowserIT.waitForNearestFromGps(d);
    return MapPageBrowserIT.listedIds(d);
  }
}
