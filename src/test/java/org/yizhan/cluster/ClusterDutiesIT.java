package org.yizhan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.ServerProcess;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Two server processes in broker mode on one PostgreSQL and a real Mosquitto, with a real HTTP
 * receiver for the webhooks: only the instance that holds the duty lock raises alerts and sends
 * webhooks, so a device going silent (which both instances see) opens one alert and calls the
 * receiver once; when that instance is SIGKILLed the other takes the duties over within 10 s and
 * raises the next alert, once.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterDutiesIT {

  private static final String STATION = "cd-st";

  /** A request the receiver got: its delivery id header and body. */
  private record Call(String deliveryId, JsonObject body) {
    String deviceId() {
      return body.getJsonObject("alert").getString("device_id");
    }
  }

  @Test
  void oneInstanceRaisesEachAlertOnceAndAnotherTakesOverWithin10sOfAKill() throws Exception {
    List<Call> calls = new CopyOnWriteArrayList<>();
    HttpServer receiver = receiver(calls);
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start()) {
      String first;
      String second;
      try (Server setup =
          Server.start(
              TestServers.defaults()
                  .withDatabase(db.url(), db.user(), db.password())
                  .withHttpPort(TestServers.freePort()))) {
        Http http = new Http(setup.port());
        http.createStation(STATION, "集群驿站", 112.55, 37.87);
        first = http.provisionDevice(STATION, 5).getString("id");
        second = http.provisionDevice(STATION, 5).getString("id");
      }
      Map<String, String> env = env(db, broker, receiver);
      int portA = TestServers.freePort();
      ServerProcess a = instance(env, "yizhan-a", portA);
      Http httpA = new Http(portA);
      waitUntil("a runs the duties", Duration.ofSeconds(20), () -> owner(httpA));
      int portB = TestServers.freePort();
      try (ServerProcess b = instance(env, "yizhan-b", portB)) {
        Http httpB = new Http(portB);
        assertThat(owner(httpB)).as("b does not while a does").isFalse();
        assertThat(metric(httpB, "yizhan_cluster_owner")).isEqualTo("0.0");
        assertThat(metric(httpA, "yizhan_cluster_owner")).isEqualTo("1.0");

        // (a) Both instances see the first device fall silent; one alert, one webhook.
        report(broker, first, db);
        waitUntil(
            "both instances see the first device offline",
            Duration.ofSeconds(40),
            () -> offlineIn(a, first) && offlineIn(b, first));
        waitUntil(
            "the receiver told of the first device",
            Duration.ofSeconds(15),
            () -> callsFor(calls, first) >= 1);
        Thread.sleep(3_000); // three more sweeps on each instance: room for a second alert
        assertThat(count(db, "SELECT count(*) FROM alert WHERE device_id = '" + first + "'"))
            .as("one alert row for the first device")
            .isEqualTo(1);
        assertThat(callsFor(calls, first)).as("one webhook call for it").isEqualTo(1);
        assertThat(
                count(
                    db,
                    "SELECT count(*) FROM webhook_outbox WHERE status = 'delivered'"
                        + " AND alert_id = (SELECT id FROM alert WHERE device_id = '"
                        + first
                        + "')"))
            .isEqualTo(1);

        // (b) The second device reports, a dies, b takes over and raises the second alert once.
        report(broker, second, db);
        long killed = System.nanoTime();
        a.kill();
        waitUntil("b takes over the duties", Duration.ofSeconds(10), () -> owner(httpB));
        long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        System.out.println("TAKEOVER_MS " + takeoverMs);
        assertThat(takeoverMs).isLessThan(10_000);
        assertThat(b.log()).contains("now runs the cluster-wide duties");
        waitUntil(
            "the receiver told of the second device",
            Duration.ofSeconds(40),
            () -> callsFor(calls, second) >= 1);
        Thread.sleep(3_000);
        assertThat(count(db, "SELECT count(*) FROM alert WHERE device_id = '" + second + "'"))
            .isEqualTo(1);
        assertThat(callsFor(calls, second)).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM alert WHERE device_id = '" + first + "'"))
            .as("the first alert was not raised again by the new owner")
            .isEqualTo(1);
        assertThat(callsFor(calls, first)).isEqualTo(1);
      } finally {
        a.kill();
        receiver.stop(0);
      }
    }
  }

  private static HttpServer receiver(List<Call> calls) throws Exception {
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          calls.add(
              new Call(
                  ex.getRequestHeaders().getFirst("X-Yizhan-Delivery"),
                  new JsonObject(new String(body, StandardCharsets.UTF_8))));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    receiver.start();
    return receiver;
  }

  private static Map<String, String> env(TestDatabases.Db db, Mosquitto broker, HttpServer hook) {
    Map<String, String> env = new HashMap<>();
    env.put("YIZHAN_ADMIN_TOKEN", TestServers.ADMIN_TOKEN);
    env.put("YIZHAN_DB_URL", db.url());
    env.put("YIZHAN_DB_USER", db.user());
    env.put("YIZHAN_DB_PASSWORD", db.password());
    env.put("YIZHAN_MQTT_MODE", "broker");
    env.put("YIZHAN_MQTT_BROKER_URL", broker.url());
    env.put("YIZHAN_ARRIVAL_ENABLED", "false");
    env.put(
        "YIZHAN_ALERTS_WEBHOOKS",
        "[{\"name\":\"ops\",\"format\":\"generic\",\"url\":\"http://127.0.0.1:"
            + hook.getAddress().getPort()
            + "/hook\"}]");
    return env;
  }

  private static ServerProcess instance(Map<String, String> env, String clientId, int httpPort)
      throws Exception {
    Map<String, String> own = new HashMap<>(env);
    own.put("YIZHAN_MQTT_CLIENT_ID", clientId);
    return ServerProcess.start(
        Files.createTempDirectory(clientId), httpPort, TestServers.freePort(), own);
  }

  /** One reading from the device through the broker, waited for until it is stored. */
  private static void report(Mosquitto broker, String device, TestDatabases.Db db)
      throws Exception {
    MqttClient c = new MqttClient(broker.url(), device, new MemoryPersistence());
    c.connect();
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    MqttMessage m =
        new MqttMessage(
            ("{\"seq\":1,\"ts\":\"" + ts + "\",\"occupancy\":1}").getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("yz/v1/st/" + STATION + "/dev/" + device + "/telemetry", m);
    c.disconnect();
    c.close();
    waitUntil(
        "the reading of " + device + " stored",
        Duration.ofSeconds(10),
        () -> count(db, "SELECT count(*) FROM reading WHERE device_id = '" + device + "'") == 1);
  }

  private static boolean offlineIn(ServerProcess p, String device) {
    try {
      return p.log().contains("device " + device + " at station " + STATION + " is offline");
    } catch (Exception e) {
      return false;
    }
  }

  private static long callsFor(List<Call> calls, String device) {
    return calls.stream()
        .filter(c -> device.equals(c.deviceId()) && "opened".equals(c.body().getString("event")))
        .peek(c -> assertThat(c.deliveryId()).as("a delivery id").isNotBlank())
        .count();
  }

  private static boolean owner(Http http) {
    try {
      var r = http.get("/health/ready");
      return new JsonObject(r.body()).getJsonObject("cluster").getBoolean("duties_owner");
    } catch (Exception e) {
      return false;
    }
  }

  private static String metric(Http http, String name) throws Exception {
    String body = http.send(http.admin("/metrics")).body();
    return body.lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
        .findFirst()
        .orElse("missing");
  }

  private static long count(TestDatabases.Db db, String sql) {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitUntil(String what, Duration within, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within " + within).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
