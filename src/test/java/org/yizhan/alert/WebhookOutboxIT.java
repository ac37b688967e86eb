package org.yizhan.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.AlertConfig;
import org.yizhan.config.YizhanConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * The webhook outbox with a real server, PostgreSQL and HTTP receiver: a notice that the receiver
 * has not yet accepted when the server stops stays pending in the database, and is sent after the
 * server starts again, with the same delivery id as the attempts before.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebhookOutboxIT {

  private static final String STATION = "ob-st";

  private record Call(int status, String deliveryId, JsonObject body) {}

  @Test
  void aNoticePendingWhenTheServerStopsIsSentAfterItRestarts() throws Exception {
    List<Call> calls = new CopyOnWriteArrayList<>();
    AtomicBoolean accepting = new AtomicBoolean(false);
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          int status = accepting.get() ? 200 : 503;
          calls.add(
              new Call(
                  status,
                  ex.getRequestHeaders().getFirst("X-Yizhan-Delivery"),
                  new JsonObject(new String(body, StandardCharsets.UTF_8))));
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    receiver.start();
    TestDatabases.Db db = TestDatabases.fresh();
    YizhanConfig config =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort())
            .withAlerts(
                AlertConfig.DEFAULTS.withWebhooks(
                    "[{\"name\":\"ops\",\"format\":\"generic\",\"url\":\"http://127.0.0.1:"
                        + receiver.getAddress().getPort()
                        + "/hook\"}]"));
    try {
      try (Server server = Server.start(config)) {
        Http http = new Http(server.port());
        http.createStation(STATION, "外发驿站", 112.55, 37.87);
        JsonObject dev = http.provisionDevice(STATION, 5);
        killedDevice(server, dev.getString("id"), dev.getString("secret"));
        waitUntil("the receiver refused the first attempt", () -> !calls.isEmpty());
      }
      assertThat(calls).allMatch(c -> c.status() == 503);
      assertThat(outbox(db, "pending")).as("kept pending through the stop").isEqualTo(1);
      String id = calls.get(0).deliveryId();
      assertThat(id).isNotBlank();

      accepting.set(true);
      try (Server again = Server.start(config)) {
        waitUntil("sent after the restart", () -> calls.stream().anyMatch(c -> c.status() == 200));
        Call sent = calls.stream().filter(c -> c.status() == 200).findFirst().orElseThrow();
        assertThat(sent.deliveryId()).as("the same delivery id as before the stop").isEqualTo(id);
        assertThat(sent.body().getString("event")).isEqualTo("opened");
        assertThat(sent.body().getJsonObject("alert").getString("kind"))
            .isEqualTo("device_offline");
        waitUntil("marked delivered", () -> outbox(db, "delivered") == 1);
        assertThat(outbox(db, "pending")).isZero();
      }
    } finally {
      receiver.stop(0);
    }
  }

  /** A device that reports once and dies: its last will makes it offline at once. */
  private static void killedDevice(Server server, String id, String secret) throws Exception {
    MqttClient c =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(), id, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(id);
    o.setPassword(secret.toCharArray());
    o.setWill(
        "yz/v1/st/" + STATION + "/dev/" + id + "/status",
        "{\"state\":\"offline\",\"reason\":\"lwt\"}".getBytes(StandardCharsets.UTF_8),
        1,
        false);
    c.connect(o);
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    MqttMessage m =
        new MqttMessage(
            ("{\"seq\":1,\"ts\":\"" + ts + "\",\"occupancy\":1}").getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("yz/v1/st/" + STATION + "/dev/" + id + "/telemetry", m);
    c.disconnectForcibly(0, 0, false);
    c.close();
  }

  private static long outbox(TestDatabases.Db db, String status) {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM webhook_outbox WHERE status = ?")) {
      ps.setString(1, status);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitUntil(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 40 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
