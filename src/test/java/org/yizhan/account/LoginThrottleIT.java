package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Log-in throttling against a real server, with clients on several loopback addresses: guessing at
 * an account from one address is stopped there with a 429 problem, while the account's owner logs
 * in from another address; one address trying many names is stopped too, more loosely.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LoginThrottleIT {

  /** The documented limits (docs/admin.md): attempts per 15 minutes. */
  private static final int PER_NAME_AND_ADDRESS = 10;

  private static final int PER_ADDRESS = 30;

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/accounts")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", "boss")
                            .put("role", "super_admin")
                            .put("password", "the-real-boss-pw")
                            .encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static String credentials(String username, String password) {
    return new JsonObject().put("username", username).put("password", password).encode();
  }

  /** Verifies that an attacker's failures on the admin's name do not lock the admin out. */
  @Test
  void anAttackerGuessingTheAdminsPasswordDoesNotLockTheAdminOut() throws Exception {
    FromAddress attacker = new FromAddress("127.0.0.2", server.port());
    FromAddress.Response last = null;
    int tries = 0;
    while (tries < PER_NAME_AND_ADDRESS + 1) {
      last = attacker.postJson("/api/v1/auth/login", credentials("boss", "guess-" + tries));
      tries++;
      if (last.status() == 429) {
        break;
      }
      assertThat(last.status()).as(last.body()).isEqualTo(401);
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(tries).isEqualTo(PER_NAME_AND_ADDRESS + 1);
    assertThat(last.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(Long.parseLong(last.headers().get("retry-after"))).isPositive();
    JsonObject problem = new JsonObject(last.body());
    assertThat(problem.getInteger("status")).isEqualTo(429);
    assertThat(problem.getString("detail")).contains("try again in");

    // The real admin, elsewhere, is let in at once.
    FromAddress owner = new FromAddress("127.0.0.3", server.port());
    FromAddress.Response ok =
        owner.postJson("/api/v1/auth/login", credentials("boss", "the-real-boss-pw"));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getString("username")).isEqualTo("boss");

    // The attacker's address stays throttled for that name, even with the right password.
    assertThat(
            attacker
                .postJson("/api/v1/auth/login", credentials("boss", "the-real-boss-pw"))
                .status())
        .isEqualTo(429);
  }

  /** Verifies that one address trying many names is throttled, and only that address. */
  @Test
  void oneAddressTryingManyNamesIsThrottledLoosely() throws Exception {
    FromAddress sprayer = new FromAddress("127.0.0.4", server.port());
    for (int i = 0; i < PER_ADDRESS; i++) {
      FromAddress.Response r =
          sprayer.postJson("/api/v1/auth/login", credentials("nobody-" + i, "guess-guess-guess"));
      assertThat(r.status()).as("attempt %d: %s", i, r.body()).isEqualTo(401);
    }
    FromAddress.Response refused =
        sprayer.postJson("/api/v1/auth/login", credentials("boss", "the-real-boss-pw"));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.headers()).containsKey("retry-after");
    FromAddress.Response elsewhere =
        new FromAddress("127.0.0.5", server.port())
            .postJson("/api/v1/auth/login", credentials("boss", "the-real-boss-pw"));
    assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(200);
  }
}
