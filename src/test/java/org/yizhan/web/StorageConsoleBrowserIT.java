package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.config.StorageConfig;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The console's Storage view in a real headless Chromium, for a super admin: the retention
 * settings, the maintenance tasks with a late one marked in words ("逾期" / "LATE"), the disk per day
 * with a bar each; the late task's alert in the inbox under its name; English too. The rollup fold
 * runs every second and is made to fail by renaming a rollup table away.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StorageConsoleBrowserIT {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String USER = "root-storage";
  private static final String PASSWORD = "storage-view-2026-pw";

  private static Server server;
  private static String baseUrl;
  private static Path profileDir;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    StorageConfig fast =
        new StorageConfig(
            StorageConfig.DEFAULTS.rawRetention(),
            StorageConfig.days(90),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(1));
    server = TestServers.start(Optional.empty(), c -> c.withStorage(fast));
    baseUrl = "http://127.0.0.1:" + server.port();
    Http http = new Http(server.port());
    JsonObject body =
        new JsonObject().put("username", USER).put("role", "super_admin").put("password", PASSWORD);
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/accounts")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
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
  void aSuperAdminSeesTasksWithALateOneInWordsAndTheDiskPerDay() throws Exception {
    sql("ALTER TABLE rollup_1d RENAME TO rollup_1d_away");
    try {
      openFresh("#/storage");
      logIn();
      waitVisible(By.id("storage-tasks"));
      assertThat(text(By.cssSelector("#view h2"))).isEqualTo("存储");
      assertThat(text(By.id("storage-settings")))
          .contains("PostgreSQL（按天分区）")
          .contains("90 天")
          .contains("永久");
      assertThat(text(By.cssSelector("#storage-tasks caption"))).isNotBlank();
      By partitions = By.cssSelector("#storage-tasks tr[data-task='partitions']");
      assertThat(text(partitions)).contains("正常").contains("1 小时");

      // The fold fails every second: two seconds on, it is late, in words.
      By rollups = By.cssSelector("#storage-tasks tr[data-task='rollups']");
      new WebDriverWait(driver, WAIT)
          .ignoring(StaleElementReferenceException.class)
          .withMessage("the rollups task never showed late")
          .until(
              d -> {
                d.findElement(By.cssSelector("#view .view-head button")).click();
                return !d.findElements(rollups).isEmpty()
                    && "true".equals(d.findElement(rollups).getDomAttribute("data-late"));
              });
      assertThat(text(rollups)).contains("逾期").contains("ERROR:");
      assertThat(text(By.id("storage-summary"))).contains("1 项维护任务逾期");

      List<WebElement> days = driver.findElements(By.cssSelector("#storage-days tbody tr"));
      assertThat(days).as("days -8 .. +3 have partitions").hasSizeGreaterThanOrEqualTo(12);
      assertThat(days.get(0).findElements(By.cssSelector(".size-bar"))).hasSize(1);
      assertThat(days.get(0).getText()).matches("(?s)\\d{4}-\\d\\d-\\d\\d.*(KB|B|MB).*未压缩");
      assertThat(text(By.id("storage-totals"))).contains("整个数据库");
      screenshot("admin-storage.png");

      // The alert, named by its task.
      driver.findElement(By.cssSelector("#nav a[data-nav='alerts']")).click();
      By alertRows = By.cssSelector("#alert-table tbody tr");
      new WebDriverWait(driver, WAIT)
          .ignoring(StaleElementReferenceException.class)
          .withMessage("the late task's alert never showed")
          .until(
              d -> {
                d.findElement(By.cssSelector("#view .view-head button")).click();
                return d.findElements(alertRows).stream()
                    .anyMatch(e -> e.getText().contains("存储维护逾期（rollups）"));
              });

      // English.
      driver.findElement(By.cssSelector("#nav a[data-nav='storage']")).click();
      driver.findElement(By.id("lang-toggle")).click();
      waitForText(By.cssSelector("#view h2"), "Storage");
      waitForText(rollups, "LATE");
      assertThat(text(By.cssSelector("#storage-days thead"))).contains("Day (China time)");
    } finally {
      sql("ALTER TABLE rollup_1d_away RENAME TO rollup_1d");
    }
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = server.database().dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  private static void openFresh(String hash) {
    driver.get(baseUrl + "/app.css"); // same origin, another document: the next get reloads
    driver.manage().deleteAllCookies();
    driver.executeScript("localStorage.clear(); sessionStorage.clear();");
    driver.get(baseUrl + "/admin/" + hash);
  }

  private static void logIn() {
    waitVisible(By.id("login-form"));
    WebElement user = driver.findElement(By.id("login-username"));
    user.sendKeys(USER);
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

  private static void waitForText(By by, String expected) {
    new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .withMessage(() -> by + " never showed '" + expected + "'")
        .until(d -> d.findElements(by).stream().anyMatch(e -> e.getText().contains(expected)));
  }

  private static String text(By by) {
    return driver.findElement(by).getText();
  }

  private static void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
