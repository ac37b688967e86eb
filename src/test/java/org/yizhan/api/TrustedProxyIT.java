package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.TrustedProxies;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Two real servers reached from 127.0.0.1: one trusts that address as its reverse proxy, the other
 * trusts nobody. The feedback rate limit and the session cookie follow the forwarding headers on
 * the first and ignore them on the second.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TrustedProxyIT {

  /** The documented default: reports one client may send per window. */
  private static final int REPORTS_PER_CLIENT = 5;

  /** The documented log-in limit per (user name, client address) and 15 minutes. */
  private static final int PER_NAME_AND_ADDRESS = 10;

  private static Server behindProxy;
  private static Server direct;
  private static Http proxied;
  private static Http plain;

  @BeforeAll
  static void start() throws Exception {
    behindProxy =
        TestServers.start(
            Optional.empty(), c -> c.withTrustedProxies(TrustedProxies.parse("127.0.0.1, ::1")));
    direct = TestServers.start(Optional.empty());
    proxied = new Http(behindProxy.port());
    plain = new Http(direct.port());
    for (Http h : new Http[] {proxied, plain}) {
      h.createStation("px-st", "代理测试", 112.55, 37.87);
      HttpResponse<String> r =
          h.send(
              h.admin("/api/v1/accounts")
                  .header("Content-Type", "application/json")
                  .POST(
                      BodyPublishers.ofString(
                          new JsonObject()
                              .put("username", "keeper")
                              .put("role", "super_admin")
                              .put("password", "keeper-password-1")
                              .encode())));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (Server s : new Server[] {behindProxy, direct}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static int report(Http h, String forwardedFor) throws Exception {
    return h.send(
            h.request("/api/v1/stations/px-st/feedback")
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .POST(BodyPublishers.ofString("{\"kind\":\"dirty\"}")))
        .statusCode();
  }

  private static String sessionCookie(Http h, String forwardedProto) throws Exception {
    HttpResponse<String> r =
        h.send(
            h.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .header("X-Forwarded-Proto", forwardedProto)
                .POST(
                    BodyPublishers.ofString(
                        "{\"username\":\"keeper\",\"password\":\"keeper-password-1\"}")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(AdminAuth.COOKIE + "="))
        .findFirst()
        .orElseThrow();
  }

  /** Verifies that behind a trusted proxy each forwarded client has its own report budget. */
  @Test
  void theRateLimitKeysOnTheForwardedClientWhenThePeerIsTrusted() throws Exception {
    for (int i = 0; i < REPORTS_PER_CLIENT; i++) {
      assertThat(report(proxied, "1.1.1.1, 203.0.113.10")).isEqualTo(201);
    }
    assertThat(report(proxied, "203.0.113.10")).isEqualTo(429);
    assertThat(report(proxied, "9.9.9.9, 203.0.113.10"))
        .as("a spoofed left-most entry does not buy a fresh budget")
        .isEqualTo(429);
    assertThat(report(proxied, "203.0.113.11"))
        .as("another client behind the same proxy")
        .isEqualTo(201);
  }

  /** Verifies that from an untrusted peer X-Forwarded-For cannot buy a fresh budget. */
  @Test
  void theHeaderIsIgnoredWhenThePeerIsNotTrusted() throws Exception {
    for (int i = 0; i < REPORTS_PER_CLIENT; i++) {
      assertThat(report(plain, "198.51.100." + (i + 1))).isEqualTo(201);
    }
    assertThat(report(plain, "198.51.100.99")).isEqualTo(429);
  }

  /** Verifies that the session cookie is Secure when a trusted proxy says the client used https. */
  @Test
  void theCookieIsSecureOnlyWhenATrustedProxySaysHttps() throws Exception {
    assertThat(sessionCookie(proxied, "https")).containsIgnoringCase("; Secure");
    assertThat(sessionCookie(proxied, "http")).doesNotContainIgnoringCase("Secure");
    assertThat(sessionCookie(plain, "https"))
        .as("an untrusted peer's X-Forwarded-Proto is ignored")
        .doesNotContainIgnoringCase("Secure");
  }

  /** Verifies that OGC API links say https only when a trusted proxy says the client used it. */
  @Test
  void ogcLinksFollowTheForwardedSchemeOnlyFromATrustedPeer() throws Exception {
    String behind =
        proxied.send(proxied.request("/ogc").header("X-Forwarded-Proto", "https")).body();
    String straight = plain.send(plain.request("/ogc").header("X-Forwarded-Proto", "https")).body();
    assertThat(behind).contains("\"href\":\"https://").doesNotContain("\"href\":\"http://");
    assertThat(straight).contains("\"href\":\"http://").doesNotContain("\"href\":\"https://");
  }

  private static int login(Http h, String forwardedFor, String password) throws Exception {
    return h.send(
            h.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .POST(
                    BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", "guarded")
                            .put("password", password)
                            .encode())))
        .statusCode();
  }

  /**
   * Verifies that behind a trusted proxy the log-in throttle stops the guessing client only, and
   * that from an untrusted peer a forged X-Forwarded-For does not escape it.
   */
  @Test
  void theLoginThrottleKeysOnTheForwardedClientOnlyFromATrustedPeer() throws Exception {
    for (Http h : new Http[] {proxied, plain}) {
      HttpResponse<String> r =
          h.send(
              h.admin("/api/v1/accounts")
                  .header("Content-Type", "application/json")
                  .POST(
                      BodyPublishers.ofString(
                          new JsonObject()
                              .put("username", "guarded")
                              .put("role", "super_admin")
                              .put("password", "guarded-password-1")
                              .encode())));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    for (int i = 0; i < PER_NAME_AND_ADDRESS; i++) {
      assertThat(login(proxied, "203.0.113.50", "guess-" + i)).isEqualTo(401);
      assertThat(login(plain, "203.0.113." + (60 + i), "guess-" + i)).isEqualTo(401);
    }
    assertThat(login(proxied, "203.0.113.50", "guarded-password-1")).isEqualTo(429);
    assertThat(login(proxied, "203.0.113.51", "guarded-password-1"))
        .as("the owner behind the same proxy is not locked out")
        .isEqualTo(200);
    assertThat(login(plain, "203.0.113.99", "guarded-password-1"))
        .as("a fresh forged address from an untrusted peer is still the same client")
        .isEqualTo(429);
  }
}
