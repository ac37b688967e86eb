package org.yizhan.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies that in broker mode {@code /health/ready} names the broker: 200 with {@code "broker":
 * "UP"} while the subscription is up, 503 naming the broker once a real Mosquitto stops (no reading
 * can arrive), and 200 again once it is back and the instance has subscribed anew. With the
 * built-in endpoint there is no broker check at all.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerReadinessIT {

  @Test
  void aBrokerThatStopsMakesTheInstanceUnreadyUntilItIsBack() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start();
        Server server =
            Server.start(
                TestServers.defaults()
                    .withDatabase(db.url(), db.user(), db.password())
                    .withHttpPort(TestServers.freePort())
                    .withDataDir(Files.createTempDirectory("broker-ready"))
                    .withMqtt(
                        TestServers.defaults()
                            .mqtt()
                            .withBroker(broker.url(), "yizhan", "yizhan-ready")))) {
      Http http = new Http(server.port());
      JsonObject up = new JsonObject(waitFor(http, 200, 30).body());
      assertThat(up.getJsonObject("checks").getString("broker")).isEqualTo("UP");

      broker.stop();
      JsonObject down = new JsonObject(waitFor(http, 503, 30).body());
      assertThat(down.getString("status")).isEqualTo("DOWN");
      assertThat(down.getJsonObject("checks").getString("broker"))
          .isEqualTo("DOWN: not connected to the broker " + broker.url() + " (reconnecting)");
      assertThat(down.getJsonObject("checks").getString("database")).isEqualTo("UP");

      broker.startAgain();
      JsonObject back = new JsonObject(waitFor(http, 200, 60).body());
      assertThat(back.getJsonObject("checks").getString("broker")).isEqualTo("UP");
    }
  }

  @Test
  void theBuiltInEndpointHasNoBrokerCheck() throws Exception {
    try (Server server = TestServers.start(Optional.empty())) {
      JsonObject body = new JsonObject(new Http(server.port()).get("/health/ready").body());
      assertThat(body.getJsonObject("checks").fieldNames())
          .containsExactlyInAnyOrder("database", "writer");
    }
  }

  /** Polls {@code /health/ready} until it answers {@code status}; fails after {@code seconds}. */
  private static HttpResponse<String> waitFor(Http http, int status, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = http.get("/health/ready");
      last.set(r);
      if (r.statusCode() == status) {
        return r;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "/health/ready did not answer "
            + status
            + " within "
            + seconds
            + " s; last: "
            + Optional.ofNullable(last.get()).map(HttpResponse::body).orElse("none"));
  }
}
