package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.yizhan.Server;
import org.yizhan.config.AlertConfig;
import org.yizhan.config.ConfigLoader;
import org.yizhan.config.YizhanConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies the README and admin.md promises on a first start with no account: the super admin
 * {@code admin} is created with {@code YIZHAN_ADMIN_PASSWORD}, or with a generated password written
 * to {@code data/admin-password}; without a configured admin token one is generated into {@code
 * data/admin-token}, and the log names that file but never the token (nor the password).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AdminBootstrapIT {

  @Test
  void withoutConfigurationThePasswordAndTokenAreGeneratedIntoDataAndTheLogNamesOnlyTheFiles()
      throws Exception {
    YizhanConfig config = unconfigured();
    Path data = config.dataDir();
    ListAppender<ILoggingEvent> log = capture();
    try (Server server = Server.start(config)) {
      Http http = new Http(server.port());
      String password = Files.readString(data.resolve("admin-password")).strip();
      String token = Files.readString(data.resolve("admin-token")).strip();
      assertThat(login(http, "admin", password).statusCode()).isEqualTo(200);
      assertThat(login(http, "admin", password + "x").statusCode()).isEqualTo(401);
      assertThat(
              http.send(
                      http.request("/api/v1/accounts")
                          .header("Authorization", "Bearer " + token)
                          .GET())
                  .statusCode())
          .as("the generated token is the admin token")
          .isEqualTo(200);

      List<String> lines = lines(log);
      assertThat(lines)
          .as("the log names the token's file")
          .anyMatch(l -> l.contains(data.resolve("admin-token").toAbsolutePath().toString()));
      assertThat(lines)
          .as("the log names the password's file")
          .anyMatch(l -> l.contains("admin-password"));
      assertThat(lines).noneMatch(l -> l.contains(token)).noneMatch(l -> l.contains(password));
    } finally {
      release(log);
    }
  }

  @Test
  void theConfiguredPasswordIsTheFirstAdminsAndNoPasswordFileIsWritten() throws Exception {
    String configured = "configured-first-admin-pw";
    YizhanConfig base = unconfigured();
    YizhanConfig config =
        base.withAlerts(
            new AlertConfig(
                Optional.of(configured),
                base.alerts().calmSeconds(),
                base.alerts().webhooksJson(),
                base.alerts().consoleUrl()));
    ListAppender<ILoggingEvent> log = capture();
    try (Server server = Server.start(config)) {
      Http http = new Http(server.port());
      HttpResponse<String> ok = login(http, "admin", configured);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(new JsonObject(ok.body()).getString("role")).isEqualTo("super_admin");
      assertThat(Files.exists(config.dataDir().resolve("admin-password"))).isFalse();
      assertThat(lines(log)).noneMatch(l -> l.contains(configured));
    } finally {
      release(log);
    }
  }

  /** The configuration of a first start: nothing set but where the database and ports are. */
  private static YizhanConfig unconfigured() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    YizhanConfig loaded = new ConfigLoader(Map.of()).load(Optional.empty());
    assertThat(loaded.adminToken()).isEmpty();
    assertThat(loaded.alerts().initialAdminPassword()).isEmpty();
    return loaded
        .withDataDir(Files.createTempDirectory("yizhan-bootstrap"))
        .withDatabase(db.url(), db.user(), db.password())
        .withHttpPort(TestServers.freePort())
        .withMqtt(loaded.mqtt().withPort(TestServers.freePort()));
  }

  private static HttpResponse<String> login(Http http, String user, String password)
      throws Exception {
    return http.send(
        http.request("/api/v1/auth/login")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject().put("username", user).put("password", password).encode())));
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root().addAppender(appender);
    return appender;
  }

  private static void release(ListAppender<ILoggingEvent> appender) {
    root().detachAppender(appender);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** Every logged line with its arguments and any exception text. */
  private static List<String> lines(ListAppender<ILoggingEvent> log) {
    return List.copyOf(log.list).stream()
        .map(
            e ->
                e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : " " + e.getThrowableProxy().getMessage()))
        .toList();
  }
}
