package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.Server;
import org.yizhan.testing.Chromium;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The console's session in a real headless Chromium against a real server: changing the password
 * keeps the console logged in and ends the account's other sessions, and the log-out button ends
 * the session itself, so the cookie it held is worthless afterwards.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConsoleSessionBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String USER = "shift-lead";
  private static final String PASSWORD = "shift-lead-pw-2026";
  private static final String NEW_PASSWORD = "shift-lead-pw-2027";

  private static Server server;
  private static Http http;
  private static Path profileDir;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.requireInstalled();
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/accounts")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", USER)
                            .put("role", "planner")
                            .put("password", PASSWORD)
                            .encode())));
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

  /** Verifies that the console's password change and log-out end the sessions they should. */
  @Test
  void aPasswordChangeKeepsTheConsoleAndLogOutEndsItsSession() throws Exception {
    String phone = login(PASSWORD); // the same account, logged in elsewhere
    driver.get("http://127.0.0.1:" + server.port() + "/admin/#/account");
    waitVisible(By.id("login-form"));
    type(By.id("login-username"), USER);
    type(By.id("login-password"), PASSWORD + Keys.ENTER);
    waitVisible(By.id("password-form"));
    Cookie cookie = driver.manage().getCookieNamed("yz_session");
    assertThat(cookie).isNotNull();
    assertThat(cookie.isHttpOnly()).isTrue();
    String session = cookie.getValue();

    type(By.name("current_password"), PASSWORD);
    type(By.name("new_password"), NEW_PASSWORD);
    type(By.name("new_password_again"), NEW_PASSWORD + Keys.ENTER);
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "no confirmation; status: " + text(By.id("status")))
        .until(d -> d.findElement(By.id("status")).getText().contains("其他登录"));
    assertThat(driver.findElement(By.id("nav")).isDisplayed()).as("still logged in").isTrue();
    assertThat(driver.findElements(By.id("login-form"))).isEmpty();
    assertThat(me(session)).as("the console's own session").isEqualTo(200);
    assertThat(me(phone)).as("the other session").isEqualTo(401);

    driver.findElement(By.id("logout")).click();
    waitVisible(By.id("login-form"));
    assertThat(driver.manage().getCookieNamed("yz_session")).isNull();
    assertThat(me(session)).as("the cookie the console held, replayed").isEqualTo(401);
  }

  private static String login(String password) throws Exception {
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", USER)
                            .put("password", password)
                            .encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("token");
  }

  private static int me(String cookieValue) throws Exception {
    return http.send(
            http.request("/api/v1/auth/me").header("Cookie", "yz_session=" + cookieValue).GET())
        .statusCode();
  }

  private static WebElement waitVisible(By by) {
    return new WebDriverWait(driver, WAIT)
        .withMessage(() -> by + " never appeared; status: " + text(By.id("status")))
        .until(
            d ->
                d.findElements(by).stream()
                    .filter(WebElement::isDisplayed)
                    .findFirst()
                    .orElse(null));
  }

  private static void type(By by, String text) {
    WebElement input = driver.findElement(by);
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    input.sendKeys(text);
  }

  private static String text(By by) {
    return driver.findElements(by).stream().map(WebElement::getText).findFirst().orElse("");
  }
}
