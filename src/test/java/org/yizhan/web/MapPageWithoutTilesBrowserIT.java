package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.web.MapPageBrowserIT.NEAREST_COUNT;
import static org.yizhan.web.MapPageBrowserIT.USER_LAT;
import static org.yizhan.web.MapPageBrowserIT.USER_LON;
import static org.yizhan.web.MapPageBrowserIT.WAIT;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.config.TileConfig;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The phone map when its base map cannot load (worker-map.md "Base maps"): the markers and the list
 * still work on a plain background and a note says the base map is missing. The tiles come from a
 * stub on 127.0.0.1 that either refuses every tile or serves them, so the same page is seen with
 * and without tiles: the note must follow the tiles, not be always on.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MapPageWithoutTilesBrowserIT {

  private static final AtomicBoolean SERVING = new AtomicBoolean();
  private static final AtomicInteger TILE_REQUESTS = new AtomicInteger();
  private static HttpServer tiles;
  private static Server server;
  private static Http http;
  private static String base;
  private static Path profile;
  private static ChromeDriver driver;

  /** How many base-map tile images have loaded. */
  private static final String LOADED_TILES =
      "return [...document.querySelectorAll('img.leaflet-tile')]"
          + ".filter(i => i.complete && i.naturalWidth > 0).length;";

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    tiles = stubTileServer();
    String tileUrl = "http://127.0.0.1:" + tiles.getAddress().getPort() + "/tiles/{z}/{x}/{y}.png";
    server =
        TestServers.start(
            Optional.of("shanxi"),
            c ->
                c.withTiles(
                    TileConfig.resolve(
                        "custom",
                        Optional.of(tileUrl),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty())));
    http = new Http(server.port());
    base = "http://127.0.0.1:" + server.port();
    profile = Files.createTempDirectory("yizhan-chromium");
    driver = MapPageBrowserIT.startPhone(profile, base);
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
      if (tiles != null) {
        tiles.stop(0);
      }
      Chromium.deleteQuietly(profile);
    }
  }

  @AfterEach
  void noScriptErrors() {
    assertThat(MapPageBrowserIT.scriptProblems(driver)).as("browser console").isEmpty();
  }

  @Test
  void withoutTilesTheMarkersAndTheListWorkAndANoteSaysTheBaseMapIsMissing() throws Exception {
    SERVING.set(false);
    int requestsBefore = TILE_REQUESTS.get();
    MapPageBrowserIT.openFresh(driver, base);
    MapPageBrowserIT.waitForNearestFromGps(driver);
    assertThat(MapPageBrowserIT.listedIds(driver)).containsExactlyElementsOf(serverNearest());
    new WebDriverWait(driver, WAIT)
        .withMessage("no note about the missing base map")
        .until(d -> d.findElement(By.id("tile-note")).isDisplayed());
    assertThat(driver.findElement(By.id("tile-note")).getText()).contains("底图暂时无法加载");
    assertThat(TILE_REQUESTS.get()).as("the map asked for tiles").isGreaterThan(requestsBefore);
    assertThat(((Number) driver.executeScript(LOADED_TILES)).intValue()).isZero();
    List<String> numbered = new ArrayList<>();
    for (var m : driver.findElements(By.cssSelector(".leaflet-marker-icon.rank"))) {
      // textContent, not the visible text: the map fits the first five, so later ones may lie
      // outside the view (closed stations are listed last, wherever they are).
      numbered.add(m.getDomProperty("textContent").trim());
    }
    assertThat(numbered)
        .as("a numbered marker for each listed station")
        .hasSize(NEAREST_COUNT)
        .contains("1", String.valueOf(NEAREST_COUNT));
    MapPageBrowserIT.screenshot(driver, "map-phone-no-tiles.png");

    // A marker still opens its station's page.
    String first = MapPageBrowserIT.listedIds(driver).get(0);
    driver.findElements(By.cssSelector(".leaflet-marker-icon.rank")).stream()
        .filter(m -> m.getText().equals("1"))
        .findFirst()
        .orElseThrow()
        .click();
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "the marker opened nothing: " + driver.getCurrentUrl())
        .until(d -> d.getCurrentUrl().endsWith("#station=" + first));
  }

  @Test
  void withTilesThereIsNoNote() {
    SERVING.set(true);
    MapPageBrowserIT.openFresh(driver, base);
    MapPageBrowserIT.waitForNearestFromGps(driver);
    new WebDriverWait(driver, WAIT)
        .withMessage("no tile loaded from the stub")
        .until(d -> ((Number) driver.executeScript(LOADED_TILES)).intValue() > 0);
    assertThat(driver.findElement(By.id("tile-note")).isDisplayed())
        .as("tiles load: no note about a missing base map")
        .isFalse();
  }

  private static List<String> serverNearest() throws Exception {
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
    return MapPageBrowserIT.openFirst(features); // the page's order: closed stations last
  }

  /** Serves one plain tile for every request while {@link #SERVING}, otherwise answers 404. */
  private static HttpServer stubTileServer() throws Exception {
    BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        image.setRGB(x, y, 0xeeeeee);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    byte[] bytes = png.toByteArray();
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext(
        "/tiles/",
        exchange -> {
          TILE_REQUESTS.incrementAndGet();
          exchange.getResponseHeaders().set("Cache-Control", "no-store");
          exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
          if (SERVING.get()) {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
          }
        });
    s.start();
    return s;
  }
}
