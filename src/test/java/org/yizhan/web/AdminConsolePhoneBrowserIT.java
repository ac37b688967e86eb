package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * The admin console on a 360 px phone in a real headless Chromium against a real server: the
 * language from the address, no log-out before log-in, a navigation that takes one row, tap targets
 * of at least 44 px, and a super admin's account form whose area is chosen from the places the
 * stations name, with a stale area marked.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AdminConsolePhoneBrowserIT {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SUPER = "phone-super";
  private static final String PASSWORD = "phone-super-2026-pw";
  private static final int WIDTH = 360;
  private static final int HEIGHT = 740;

  private static Server server;
  private static Http http;
  private static String baseUrl;
  private static Path profileDir;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    baseUrl = "http://127.0.0.1:" + server.port();
    station("ph-ty", "太原", "迎泽区", 112.56, 37.86);
    station("ph-xz", "忻州", "忻府区", 112.73, 38.42);
    HttpResponse<String> r =
        postJson(
            "/api/v1/accounts",
            new JsonObject()
                .put("username", SUPER)
                .put("role", "super_admin")
                .put("password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    profileDir = Files.createTempDirectory("yizhan-chromium");
    driver = Chromium.start(profileDir);
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 2, "mobile", true));
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
  void forget() {
    driver.get(baseUrl + "/admin/");
    driver.manage().deleteAllCookies();
    driver.executeScript("localStorage.clear()");
  }

  /**
   * Verifies that {@code ?lang=en} opens the log-in in English, with neither the menu nor log-out
   * shown, and that after log-in the top bar and its one-row menu take little of the screen, every
   * button and menu entry at least 44 px, nothing wider than the screen.
   */
  @Test
  void onAPhoneTheConsoleFollowsTheAddressLanguageAndKeepsItsMenuToOneRow() throws Exception {
    driver.get(baseUrl + "/admin/");
    waitVisible(By.id("login-form"));
    assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang"))
        .as("the browser's language, Chinese")
        .isEqualTo("zh-CN");
    driver.get(baseUrl + "/admin/?lang=en");
    waitVisible(By.id("login-form"));
    assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    assertThat(driver.findElement(By.cssSelector("#login-form h2")).getText()).isEqualTo("Log in");
    assertThat(driver.findElement(By.id("logout")).isDisplayed())
        .as("log out before log-in")
        .isFalse();
    assertThat(driver.findElement(By.id("nav")).isDisplayed()).isFalse();
    screenshot("admin-phone-login-en.png");

    logIn();
    assertThat(driver.findElement(By.id("logout")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("logout")).getText()).isEqualTo("Log out");
    long topbar = height(By.cssSelector(".topbar"));
    assertThat(topbar)
        .as("top bar height on a %d px screen", HEIGHT)
        .isLessThanOrEqualTo(HEIGHT / 5);
    List<WebElement> links = driver.findElements(By.cssSelector("#nav a"));
    assertThat(links).hasSizeGreaterThan(6);
    long rowTop = links.get(0).getRect().getY();
    for (WebElement a : links) {
      assertThat(a.getRect().getY())
          .as("menu entry %s on the first row", a.getText())
          .isEqualTo(rowTop);
      assertThat(a.getRect().getHeight())
          .as("menu entry %s height", a.getText())
          .isGreaterThanOrEqualTo(44);
    }
    for (String id : List.of("lang-toggle", "logout")) {
      WebElement b = driver.findElement(By.id(id));
      assertThat(b.getRect().getHeight()).as(id).isGreaterThanOrEqualTo(44);
      assertThat(b.getRect().getWidth()).as(id).isGreaterThanOrEqualTo(44);
    }
    assertThat((Long) driver.executeScript("return document.documentElement.scrollWidth"))
        .as("page width")
        .isLessThanOrEqualTo(WIDTH);
    screenshot("admin-phone-menu-en.png");

    // The current page's entry is scrolled into the row: the last one, after a tap on it.
    WebElement last = links.get(links.size() - 1);
    driver.executeScript("arguments[0].click()", last);
    new WebDriverWait(driver, WAIT).until(d -> "page".equals(last.getDomAttribute("aria-current")));
    new WebDriverWait(driver, WAIT)
        .withMessage("the current menu entry is not within the screen")
        .until(
            d ->
                last.getRect().getX() + last.getRect().getWidth() <= WIDTH
                    && last.getRect().getX() >= 0);
  }

  /**
   * Verifies that the account form offers the stations' cities and districts as choices, that an
   * account created from them is listed, and that an account whose city no station is in any more
   * is marked.
   */
  @Test
  void theAccountFormOffersTheStationsPlacesAndMarksAStaleArea() throws Exception {
    HttpResponse<String> made =
        postJson(
            "/api/v1/accounts",
            new JsonObject()
                .put("username", "ph-stale")
                .put("role", "station_admin")
                .put("password", "ph-stale-secret-pw")
                .put("scope", new JsonObject().put("cities", List.of("忻州"))));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    moveToCity("ph-xz", "忻州市");

    driver.get(baseUrl + "/admin/#/account");
    logIn();
    waitVisible(By.id("accounts-table"));
    WebElement stale = waitVisible(By.cssSelector("#accounts-table tr[data-username='ph-stale']"));
    assertThat(stale.getDomAttribute("data-warned")).isEqualTo("true");
    assertThat(stale.getText()).contains("忻州");

    WebElement city =
        waitPresent(By.xpath("//details[@class='scope-city'][summary[starts-with(., '太原')]]"));
    city.findElement(By.tagName("summary")).click();
    WebElement district =
        city.findElement(By.cssSelector("input[data-scope='districts'][value='太原/迎泽区']"));
    type(By.cssSelector("#account-form input[name='username']"), "ph-yingze");
    type(By.cssSelector("#account-form input[name='password']"), "ph-yingze-secret-pw");
    driver.executeScript("arguments[0].scrollIntoView({block:'center'})", district);
    district.click();
    assertThat(district.findElement(By.xpath("..")).getRect().getHeight())
        .as("the district's label is a tap target")
        .isGreaterThanOrEqualTo(44);
    screenshot("admin-phone-account-form.png");
    driver.findElement(By.cssSelector("#account-form button[type='submit']")).click();
    WebElement row = waitVisible(By.cssSelector("#accounts-table tr[data-username='ph-yingze']"));
    assertThat(row.getText()).contains("太原/迎泽区");
    assertThat(row.getDomAttribute("data-warned")).isNull();
  }

  private static void logIn() {
    waitVisible(By.id("login-form"));
    type(By.id("login-username"), SUPER);
    type(By.id("login-password"), PASSWORD + Keys.ENTER);
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "log-in did not finish: " + driver.findElement(By.id("view")).getText())
        .until(d -> d.findElement(By.id("nav")).isDisplayed());
  }

  private static long height(By by) {
    return driver.findElement(by).getRect().getHeight();
  }

  private static void type(By by, CharSequence text) {
    WebElement e = waitVisible(by);
    e.clear();
    e.sendKeys(text);
  }

  private static WebElement waitVisible(By by) {
    return new WebDriverWait(driver, WAIT)
        .withMessage(() -> by + " never appeared")
        .until(
            d ->
                d.findElements(by).stream()
                    .filter(WebElement::isDisplayed)
                    .findFirst()
                    .orElse(null));
  }

  private static WebElement waitPresent(By by) {
    return new WebDriverWait(driver, WAIT)
        .withMessage(() -> by + " never appeared")
        .until(d -> d.findElements(by).stream().findFirst().orElse(null));
  }

  private static void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void moveToCity(String id, String city) throws Exception {
    HttpResponse<String> got = http.get("/api/v1/stations/" + id);
    JsonObject feature = new JsonObject(got.body());
    feature.getJsonObject("properties").put("city", city);
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/stations/" + id)
                .header("Content-Type", "application/geo+json")
                .header("If-Match", got.headers().firstValue("ETag").orElseThrow())
                .PUT(HttpRequest.BodyPublishers.ofString(feature.encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static HttpResponse<String> postJson(String path, JsonObject body) throws Exception {
    return http.send(
        http.admin(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static void station(String id, String city, String district, double lon, double lat)
      throws Exception {
    http.createStation(
        lon,
        lat,
        new JsonObject()
            .put("id", id)
            .put("name_zh", "驿站 " + id)
            .put("kind", "urban_rest_station")
            .put("capacity", 10)
            .put("opening_hours", "24/7")
            .put("city", city)
            .put("district", district));
  }
}
