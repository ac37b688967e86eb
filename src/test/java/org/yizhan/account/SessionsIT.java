package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.YizhanConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Sessions against two real server instances sharing one real database: log-out, a disabled account
 * and a password change end sessions on both instances at once, role changes apply on both at once,
 * and a token without an expiry or a session id is refused even when correctly signed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SessionsIT {

  private static Server a;
  private static Server b;
  private static Http httpA;
  private static Http httpB;

  @BeforeAll
  static void start() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    YizhanConfig base = TestServers.defaults().withDatabase(db.url(), db.user(), db.password());
    a = Server.start(base.withHttpPort(TestServers.freePort()));
    b =
        Server.start(
            base.withHttpPort(TestServers.freePort())
                .withDataDir(Files.createTempDirectory("yizhan-b"))
                .withMqtt(base.mqtt().withPort(TestServers.freePort())));
    httpA = new Http(a.port());
    httpB = new Http(b.port());
  }

  @AfterAll
  static void stop() throws Exception {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  private static void account(String name, String role) throws Exception {
    HttpResponse<String> r =
        send(
            httpA.admin("/api/v1/accounts"),
            "POST",
            new JsonObject()
                .put("username", name)
                .put("role", role)
                .put("password", name + "-secret-pw"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static HttpResponse<String> login(Http http, String name, String password)
      throws Exception {
    return send(
        http.request("/api/v1/auth/login"),
        "POST",
        new JsonObject().put("username", name).put("password", password));
  }

  private static String token(Http http, String name) throws Exception {
    HttpResponse<String> r = login(http, name, name + "-secret-pw");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("token");
  }

  private static HttpResponse<String> send(HttpRequest.Builder b, String method, JsonObject body)
      throws Exception {
    return httpA.send(
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static int me(Http http, String token) throws Exception {
    return http.send(
            http.request("/api/v1/auth/me").header("Authorization", "Bearer " + token).GET())
        .statusCode();
  }

  private static int logout(Http http, String token) throws Exception {
    return http.send(
            http.request("/api/v1/auth/logout")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()))
        .statusCode();
  }

  private static int setDisabled(String name, boolean disabled) throws Exception {
    return send(
            httpA.admin("/api/v1/accounts/" + name),
            "PUT",
            new JsonObject().put("disabled", disabled))
        .statusCode();
  }

  /** Verifies that a log-out ends the session on every instance, not only in the browser. */
  @Test
  void logOutEndsTheSessionOnEveryInstance() throws Exception {
    account("leaver", "planner");
    String t = token(httpA, "leaver");
    String other = token(httpA, "leaver");
    assertThat(me(httpB, t)).isEqualTo(200);
    assertThat(logout(httpA, t)).isEqualTo(204);
    assertThat(me(httpA, t)).isEqualTo(401);
    assertThat(me(httpB, t)).isEqualTo(401);
    assertThat(me(httpB, other)).as("another session of the account goes on").isEqualTo(200);
    assertThat(logout(httpB, t)).as("logging out twice is harmless").isEqualTo(204);
  }

  /** Verifies that the console's log-out (cookie, no bearer) ends the session and the cookie. */
  @Test
  void logOutWithTheConsoleCookieEndsTheSession() throws Exception {
    account("clicker", "planner");
    String t = token(httpA, "clicker");
    HttpResponse<String> out =
        httpA.send(
            httpA
                .request("/api/v1/auth/logout")
                .header("Cookie", "yz_session=" + t)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElse(""))
        .contains("yz_session=")
        .contains("Max-Age=0");
    HttpResponse<String> replay =
        httpB.send(httpB.request("/api/v1/auth/me").header("Cookie", "yz_session=" + t).GET());
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
  }

  /** Verifies that disabling ends sessions everywhere and re-enabling does not revive them. */
  @Test
  void disablingAnAccountEndsItsSessionsForGood() throws Exception {
    account("suspended", "planner");
    String t = token(httpA, "suspended");
    assertThat(me(httpB, t)).isEqualTo(200); // instance B has now seen the account enabled
    assertThat(setDisabled("suspended", true)).isEqualTo(200);
    assertThat(me(httpA, t)).isEqualTo(401);
    assertThat(me(httpB, t)).isEqualTo(401);
    assertThat(login(httpB, "suspended", "suspended-secret-pw").statusCode()).isEqualTo(401);
    assertThat(setDisabled("suspended", false)).isEqualTo(200);
    assertThat(me(httpA, t)).as("re-enabling starts no old session again").isEqualTo(401);
    assertThat(me(httpB, t)).isEqualTo(401);
    assertThat(me(httpB, token(httpB, "suspended"))).isEqualTo(200);
  }

  /** Verifies that a demotion applies on the other instance at its next request. */
  @Test
  void aRoleChangeAppliesOnEveryInstanceAtOnce() throws Exception {
    account("chief", "super_admin");
    String t = token(httpA, "chief");
    HttpRequest.Builder list =
        httpB.request("/api/v1/accounts").header("Authorization", "Bearer " + t).GET();
    assertThat(httpB.send(list).statusCode()).isEqualTo(200);
    HttpResponse<String> demoted =
        send(httpA.admin("/api/v1/accounts/chief"), "PUT", new JsonObject().put("role", "planner"));
    assertThat(demoted.statusCode()).as(demoted.body()).isEqualTo(200);
    assertThat(
            httpB
                .send(
                    httpB.request("/api/v1/accounts").header("Authorization", "Bearer " + t).GET())
                .statusCode())
        .isEqualTo(403);
  }

  /** Verifies that changing one's password ends the account's other sessions, not this one. */
  @Test
  void aPasswordChangeEndsTheOtherSessionsButNotThisOne() throws Exception {
    account("mover", "planner");
    String here = token(httpA, "mover");
    String elsewhere = token(httpB, "mover");
    HttpResponse<String> changed =
        send(
            httpA.request("/api/v1/auth/password").header("Authorization", "Bearer " + here),
            "PUT",
            new JsonObject()
                .put("current_password", "mover-secret-pw")
                .put("new_password", "mover-better-pw"));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(me(httpA, here)).isEqualTo(200);
    assertThat(me(httpB, here)).isEqualTo(200);
    assertThat(me(httpA, elsewhere)).isEqualTo(401);
    assertThat(me(httpB, elsewhere)).isEqualTo(401);
    String fresh =
        new JsonObject(login(httpB, "mover", "mover-better-pw").body()).getString("token");
    // A super admin's reset ends every session of the account.
    HttpResponse<String> reset =
        send(
            httpA.admin("/api/v1/accounts/mover/password"),
            "PUT",
            new JsonObject().put("password", "mover-reset-pw-1"));
    assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
    assertThat(me(httpA, here)).isEqualTo(401);
    assertThat(me(httpB, fresh)).isEqualTo(401);
  }

  /** Verifies that a correctly signed token is refused without an expiry or a session id. */
  @Test
  void tokensWithoutExpiryOrSessionAreRefused() throws Exception {
    account("forger", "super_admin");
    String real = token(httpA, "forger");
    String key = sessionKey();
    // The signing below is the server's: re-signing a real token gives the same signature.
    String[] parts = real.split("\\.");
    assertThat(sign(key, parts[0] + "." + parts[1])).isEqualTo(parts[2]);
    JsonObject claims =
        new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    long now = Instant.now().getEpochSecond();
    JsonObject good =
        new JsonObject()
            .put("sub", "forger")
            .put("sid", claims.getString("sid"))
            .put("iat", now)
            .put("exp", now + 600);
    assertThat(me(httpA, jwt(key, good))).as("control: a well-formed token").isEqualTo(200);
    JsonObject noExpiry = good.copy();
    noExpiry.remove("exp");
    assertThat(me(httpA, jwt(key, noExpiry))).isEqualTo(401);
    assertThat(me(httpB, jwt(key, noExpiry))).isEqualTo(401);
    JsonObject noSession = good.copy();
    noSession.remove("sid");
    assertThat(me(httpA, jwt(key, noSession))).isEqualTo(401);
    JsonObject unknownSession = good.copy().put("sid", "AAAAAAAAAAAAAAAAAAAAAA");
    assertThat(me(httpA, jwt(key, unknownSession))).isEqualTo(401);
  }

  /** Verifies that a session the database cannot check gets 503, not a log-out (401). */
  @Test
  void aSessionThatCannotBeCheckedIsUnavailableNotRefused() throws Exception {
    account("patient", "planner");
    String t = token(httpA, "patient");
    sql("ALTER TABLE admin_session RENAME TO admin_session_away");
    try {
      HttpResponse<String> r =
          httpB.send(httpB.request("/api/v1/auth/me").header("Authorization", "Bearer " + t).GET());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
    } finally {
      sql("ALTER TABLE admin_session_away RENAME TO admin_session");
    }
    assertThat(me(httpB, t)).isEqualTo(200);
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = a.database().dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(statement)) {
      ps.execute();
    }
  }

  private static String sessionKey() throws Exception {
    try (Connection c = a.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT value FROM server_secret WHERE name = 'session_hs256'");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      return Base64.getEncoder().encodeToString(rs.getBytes(1));
    }
  }

  private static String jwt(String key, JsonObject claims) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String head =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    return head + "." + sign(key, head);
  }

  /** HS256 as Vert.x does it: the key is the UTF-8 bytes of the configured (Base64) string. */
  private static String sign(String key, String signingInput) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }
}
