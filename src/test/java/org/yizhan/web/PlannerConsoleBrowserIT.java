package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The planner's pages of the admin console in a real headless Chromium against a real server: a
 * planner uploads demand, runs coverage and a maximal-covering siting (progress over SSE to its
 * end), sees the proven-optimal answer and its site on the map, keeps both as scenarios, compares
 * them and opens the printable report; a bad file shows its rows; a station admin has no planning.
 *
 * <p>The network: one station in Taiyuan. The demand: 3 points (weights 1, 2, 3) within 500 m of it
 * and 2 points (weights 4, 5) about 5 km east, 150 m apart. Coverage at 1 km is 6 of 15 (40%); one
 * new site at either far point covers the rest, which exhaustive search proves optimal.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PlannerConsoleBrowserIT {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final String PLANNER = "planner-ty";
  private static final String STATION_ADMIN = "ops-planless";
  private static final String PASSWORD = "planner-ty-2026-pw";

  private static final String DEMAND =
      "lon,lat,weight,label\n"
          + "112.5500,37.8700,1,near-a\n"
          + "112.5530,37.8710,2,near-b\n"
          + "112.5480,37.8690,3,near-c\n"
          + "112.6100,37.8700,4,far-a\n"
          + "112.6117,37.8700,5,far-b\n";

  private static Server server;
  private static Http http;
  private static String baseUrl;
  private static Path profileDir;
  private static Path files;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    baseUrl = "http://127.0.0.1:" + server.port();
    http.createStation("ty-plan-1", "太原规划一号", 112.5500, 37.8700);
    // Far from the demand, full for 30 hours: overloaded, so the report shows its week.
    http.createStation("ty-plan-full", "忻州满员驿站", 112.7300, 38.4200);
    insertFullHours("ty-plan-full", 30);
    account(PLANNER, "planner", null);
    account(
        STATION_ADMIN,
        "station_admin",
        new JsonObject().put("stations", new JsonArray().add("ty-plan-1")));
    files = Files.createTempDirectory("yizhan-planner-files");
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
      Chromium.deleteQuietly(files);
    }
  }

  /** Fails the test on any script error or missing translation the page logged. */
  @AfterEach
  void noScriptErrors() {
    assertThat(Chromium.consoleProblems(driver)).as("browser console").isEmpty();
  }

  @Test
  void aPlannerUploadsDemandRunsCoverageAndMclpKeepsComparesAndReports() throws Exception {
    openFresh("");
    logIn(PLANNER);
    driver.findElement(By.cssSelector("#nav a[data-nav='planning']")).click();

    // Upload the demand file.
    Path csv = files.resolve("workers.csv");
    Files.writeString(csv, DEMAND, StandardCharsets.UTF_8);
    waitVisible(By.id("plan-upload-form"));
    type(By.cssSelector("#plan-upload-form input[name='name']"), "workers");
    driver
        .findElement(By.cssSelector("#plan-upload-form input[type='file']"))
        .sendKeys(csv.toString());
    driver.findElement(By.cssSelector("#plan-upload-form button[type='submit']")).click();
    waitForText(By.id("plan-sets-demand"), "workers");
    assertThat(text(By.id("plan-sets-demand"))).contains("5").contains("15");

    // Coverage of today's network.
    String coverageRun = submitRun("coverage", null);
    waitForText(By.id("plan-share"), "40");
    assertThat(text(By.id("plan-quality"))).isEqualTo("仅计算覆盖率，未选址。");
    assertThat(text(By.id("plan-cov-overall"))).contains("40");
    saveScenario("现状");
    waitForText(By.cssSelector(".view-head h2"), "现状");

    // One new site, maximal covering: proven optimal, on the map and in the site list.
    driver.get(baseUrl + "/admin/#/planning");
    String mclpRun = submitRun("mclp", "1");
    assertThat(mclpRun).isNotEqualTo(coverageRun);
    waitForText(By.id("plan-share"), "100");
    assertThat(text(By.id("plan-quality"))).isEqualTo("已证明最优");
    assertThat(driver.findElement(By.id("plan-quality")).getAttribute("data-code"))
        .isEqualTo("optimal");
    assertThat(driver.findElements(By.cssSelector("#plan-sites tbody tr"))).hasSize(1);
    assertThat(text(By.id("plan-sites"))).containsPattern("far-[ab]");
    waitForAttribute(By.id("plan-map"), "data-ready", "true");
    assertThat(driver.findElement(By.id("plan-map")).getAttribute("data-sites")).isEqualTo("1");
    assertThat(countIn("#plan-map .plan-site-icon")).isEqualTo(1);
    assertThat(text(By.cssSelector(".plan-legend"))).contains("建议新站址 1 个");
    assertThat(driver.findElements(By.cssSelector("#plan-exports a"))).hasSize(12);
    screenshot("planner-result.png");
    saveScenario("加一站");
    waitForText(By.cssSelector(".view-head h2"), "加一站");

    // The two scenarios side by side: the new site is B's alone.
    driver.findElement(By.cssSelector(".plan-tabs a[href='#/planning/scenarios']")).click();
    waitVisible(By.id("plan-compare-form"));
    new Select(driver.findElement(By.cssSelector("#plan-compare-form select[name='a']")))
        .selectByValue("现状");
    new Select(driver.findElement(By.cssSelector("#plan-compare-form select[name='b']")))
        .selectByValue("加一站");
    driver.findElement(By.id("plan-compare-submit")).click();
    waitVisible(By.id("plan-compare-table"));
    assertThat(driver.findElements(By.cssSelector("#plan-only-b li"))).hasSize(1);
    assertThat(driver.findElements(By.cssSelector("ol#plan-only-a"))).isEmpty();
    assertThat(text(By.id("plan-compare-diff"))).contains("+60");
    waitForAttribute(By.id("plan-compare-map"), "data-ready", "true");
    assertThat(countIn("#plan-compare-map .plan-site-icon")).isEqualTo(1);
    screenshot("planner-compare.png");

    // The printable report, then in English.
    driver.get(baseUrl + "/admin/#/planning/report/" + "加一站");
    waitForAttribute(By.cssSelector(".view-body"), "data-ready", "true");
    assertThat(text(By.id("plan-report-title"))).contains("加一站");
    assertThat(driver.findElements(By.cssSelector("#report-sites tbody tr"))).hasSize(1);
    assertThat(text(By.id("report-cov-overall"))).contains("40").contains("100");
    assertThat(driver.findElement(By.id("report-map")).getAttribute("data-sites")).isEqualTo("1");
    assertThat(text(By.id("report-use"))).contains("超负荷驿站（1 个）").contains("忻州满员驿站");
    assertThat(driver.findElements(By.cssSelector("#report-heat-0 td.heat-4"))).hasSize(30);
    screenshot("planner-report.png");
    driver.findElement(By.id("lang-toggle")).click();
    waitForAttribute(By.cssSelector(".view-body"), "data-ready", "true");
    assertThat(text(By.id("plan-report-title"))).startsWith("Planning report");
    assertThat(text(By.cssSelector(".plan-figures"))).contains("Proven optimal");
  }

  @Test
  void aBadFileIsRefusedWithItsRowsListed() throws Exception {
    openFresh("");
    logIn(PLANNER);
    driver.get(baseUrl + "/admin/#/planning");
    Path csv = files.resolve("bad.csv");
    Files.writeString(
        csv,
        "lon,lat,weight\n112.55,37.87,1\nabc,37.87,2\n112.56,37.88,x\n",
        StandardCharsets.UTF_8);
    waitVisible(By.id("plan-upload-form"));
    type(By.cssSelector("#plan-upload-form input[name='name']"), "broken");
    driver
        .findElement(By.cssSelector("#plan-upload-form input[type='file']"))
        .sendKeys(csv.toString());
    driver.findElement(By.cssSelector("#plan-upload-form button[type='submit']")).click();
    waitVisible(By.id("plan-upload-error-table"));
    List<WebElement> rows =
        driver.findElements(By.cssSelector("#plan-upload-error-table tbody tr"));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getText()).contains("2").contains("lon");
    assertThat(rows.get(1).getText()).contains("3").contains("weight");
    assertThat(text(By.id("plan-upload-errors"))).contains("2 处错误");
    assertThat(text(By.id("plan-sets"))).doesNotContain("broken");
    screenshot("planner-bad-upload.png");
  }

  @Test
  void aPlannerSeesStationUseAndAStationsWeekByHourTable() throws Exception {
    insertFullHours("ty-plan-1", 3);
    openFresh("");
    logIn(PLANNER);
    driver.get(baseUrl + "/admin/#/planning/use");
    waitVisible(By.id("plan-use-all"));
    assertThat(text(By.id("plan-use"))).contains("超负荷驿站").contains("利用不足的驿站");
    driver.findElement(By.cssSelector("#plan-use-all a[href='#/planning/use/ty-plan-1']")).click();
    waitVisible(By.id("plan-heat"));
    // Monday to Sunday by 24 hours: the three hours with readings (9 of 10 places taken) say
    // "90" on the fullest colour, every other cell says "no data" in words.
    assertThat(driver.findElements(By.cssSelector("#plan-heat tbody tr"))).hasSize(7);
    assertThat(driver.findElements(By.cssSelector("#plan-heat tbody td"))).hasSize(7 * 24);
    List<WebElement> full = driver.findElements(By.cssSelector("#plan-heat td.heat-4"));
    assertThat(full).hasSize(3).allSatisfy(td -> assertThat(td.getText()).isEqualTo("90"));
    assertThat(driver.findElements(By.cssSelector("#plan-heat td.heat-none[aria-label='无数据']")))
        .hasSize(7 * 24 - 3);
  }

  @Test
  void aStationAdminHasNoPlanning() throws Exception {
    openFresh("");
    logIn(STATION_ADMIN);
    assertThat(driver.findElements(By.cssSelector("#nav a[data-nav='planning']"))).isEmpty();
    assertThat(driver.findElements(By.cssSelector("#nav a[data-nav='fleet']"))).hasSize(1);
    driver.get(baseUrl + "/admin/#/planning");
    waitVisible(By.cssSelector(".view-body[data-view='planning'] .notice"));
    assertThat(driver.findElements(By.id("plan-upload-form"))).isEmpty();
  }

  // ------------------------------------------------------------------ steps

  /** Fills the run form and submits; waits on the run's page for its end; answers its id. */
  private static String submitRun(String kind, String k) {
    WebElement form = waitVisible(By.id("plan-run-form"));
    new Select(form.findElement(By.name("kind"))).selectByValue(kind);
    new Select(form.findElement(By.name("demand"))).selectByValue("workers");
    if (k != null) {
      new Select(form.findElement(By.name("candidates"))).selectByValue("at_demand");
      type(form.findElement(By.name("k")), k);
    }
    driver.findElement(By.id("plan-run-submit")).click();
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "the run page never opened; status: " + statusText())
        .until(d -> d.getCurrentUrl().contains("#/planning/runs/"));
    waitForAttribute(By.id("plan-progress"), "data-state", "done");
    assertThat(driver.findElement(By.id("plan-progress-bar")).getAttribute("value"))
        .isEqualTo("100");
    assertThat(driver.findElements(By.id("plan-cancel")).get(0).isDisplayed()).isFalse();
    waitForAttribute(By.id("plan-result"), "data-done", "true");
    String url = driver.getCurrentUrl();
    return url.substring(url.indexOf("#/planning/runs/") + "#/planning/runs/".length());
  }

  private static void saveScenario(String name) {
    WebElement form = waitVisible(By.id("plan-save-form"));
    type(form.findElement(By.name("name")), name);
    driver.findElement(By.id("plan-save-submit")).click();
  }

  // ------------------------------------------------------------------ helpers

  private static void account(String username, String role, JsonObject scope) throws Exception {
    JsonObject body =
        new JsonObject().put("username", username).put("role", role).put("password", PASSWORD);
    if (scope != null) {
      body.put("scope", scope);
    }
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/accounts")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** Readings of 9 occupied places in each of the last {@code hours} whole hours. */
  private static void insertFullHours(String stationId, int hours) throws Exception {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO reading (time, station_id, device_id, seq, occupancy, temperature_c,"
                    + " received_at) VALUES (?, ?, ?, ?, 9, 25.0, ?)")) {
      for (int i = 1; i <= hours; i++) {
        Instant at = hour.minus(i, ChronoUnit.HOURS).plus(10, ChronoUnit.MINUTES);
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setString(2, stationId);
        ps.setString(3, "sensor-" + stationId);
        ps.setLong(4, i);
        ps.setTimestamp(5, Timestamp.from(at));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void openFresh(String hash) {
    driver.get(baseUrl + "/app.css"); // same origin, another document: the next get reloads
    driver.manage().deleteAllCookies();
    driver.executeScript("localStorage.clear(); sessionStorage.clear();");
    driver.get(baseUrl + "/admin/" + hash);
  }

  private static void logIn(String user) {
    waitVisible(By.id("login-form"));
    type(By.id("login-username"), user);
    type(By.id("login-password"), PASSWORD + Keys.ENTER);
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "log-in did not finish; status: " + statusText())
        .until(d -> d.findElement(By.id("nav")).isDisplayed());
  }

  private static WebElement waitVisible(By by) {
    return new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
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
        .ignoring(StaleElementReferenceException.class)
        .withMessage(() -> by + " never showed '" + expected + "'; status: " + statusText())
        .until(d -> d.findElements(by).stream().anyMatch(e -> e.getText().contains(expected)));
  }

  private static void waitForAttribute(By by, String name, String value) {
    new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .withMessage(() -> by + " never had " + name + "=" + value + "; status: " + statusText())
        .until(d -> d.findElements(by).stream().anyMatch(e -> value.equals(e.getAttribute(name))));
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

  private static void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
