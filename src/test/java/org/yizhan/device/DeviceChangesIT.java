package org.yizhan.device;

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
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.yizhan.Server;
import org.yizhan.config.YizhanConfig;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.testing.Http;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Device changes seen by every instance (docs/ingest.md "Broker mode"): a device disabled through
 * instance A is refused by instance B, which consumes from a real Mosquitto, at its next message,
 * and B's EMQX hooks answer deny, within about a second; after B lost its listening connection it
 * reads every device again, so a change made meanwhile counts too. Every wait has a deadline.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DeviceChangesIT {

  private static final String TOKEN = "emqx-hook-token-0123456789";
  private static final String STATION = "chg-st";

  @Test
  void verifiesThatADeviceDisabledThroughOneInstanceIsRefusedByAnother() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start();
        Server a = Server.start(base(db))) {
      String id = provision(a);
      try (Server b = brokerInstance(db, broker)) {
        MqttClient device = new MqttClient(broker.url(), id, new MemoryPersistence());
        device.connect();
        publish(device, id, 1);
        waitUntil("B stores the reading", () -> count(b, "SELECT count(*) FROM reading") == 1, 20);

        Http http = new Http(a.port());
        long disabledAt = System.nanoTime();
        HttpResponse<String> disabled = post(http, "/api/v1/devices/" + id + "/disable");
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        Http hooks = new Http(b.port());
        waitUntil(
            "B's authorization hook denies the device", () -> authz(hooks, id).equals("deny"), 5);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - disabledAt);
        LoggerFactory.getLogger(DeviceChangesIT.class)
            .info("B's hook denied the device {} ms after A disabled it", tookMs);
        assertThat(tookMs).as("B heard of the change within about a second").isLessThan(1_500);
        assertThat(authn(hooks, id, "whatever")).isEqualTo("deny");

        publish(device, id, 2);
        waitUntil(
            "B refuses the next message",
            () -> b.rejections().count(RejectReason.NOT_AUTHORIZED) == 1,
            20);
        assertThat(count(b, "SELECT count(*) FROM reading")).isEqualTo(1);
        device.disconnect();
      }
    }
  }

  @Test
  void verifiesThatAChangeMadeWhileNotListeningCountsAfterListeningAgain() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start();
        Server a = Server.start(base(db))) {
      String id = provision(a);
      try (Server b = brokerInstance(db, broker)) {
        Http hooks = new Http(b.port());
        waitUntil("B listens", () -> listeners(a) == 1, 20);
        assertThat(authz(hooks, id)).isEqualTo("allow");

        count(a, "SELECT count(pg_terminate_backend(pid)) FROM " + LISTENING);
        waitUntil("B's listening connection is gone", () -> listeners(a) == 0, 20);
        assertThat(post(new Http(a.port()), "/api/v1/devices/" + id + "/disable").statusCode())
            .isEqualTo(200);

        waitUntil("B listens again", () -> listeners(a) == 1, 20);
        waitUntil("B's registry has the change", () -> authz(hooks, id).equals("deny"), 20);
      }
    }
  }

  /**
   * Verifies that a device provisioned through A is known to B at once, though B refused its id a
   * moment before and would otherwise not ask the database again for 10 s.
   */
  @Test
  void verifiesThatADeviceProvisionedThroughOneInstanceIsTakenByAnotherAtOnce() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start();
        Server a = Server.start(base(db))) {
      provision(a);
      try (Server b = brokerInstance(db, broker)) {
        String late = "chg-late";
        MqttClient device = new MqttClient(broker.url(), late, new MemoryPersistence());
        device.connect();
        long missed = System.nanoTime();
        publish(device, late, 1);
        waitUntil(
            "B refuses the unknown id",
            () -> b.rejections().count(RejectReason.UNKNOWN_DEVICE) == 1,
            20);

        a.devices().provision(late, STATION, DeviceKind.COMBINED, 60);
        waitUntil("B knows the device", () -> b.devices().find(late).isPresent(), 5);
        publish(device, late, 2);
        waitUntil("B stores its reading", () -> count(b, "SELECT count(*) FROM reading") == 1, 5);
        assertThat(System.nanoTime() - missed)
            .as("before B's memory of the miss ran out (else this proves nothing)")
            .isLessThan(TimeUnit.SECONDS.toNanos(9));
        device.disconnect();
      }
    }
  }

  private static final String LISTENING =
      "pg_stat_activity WHERE query = 'LISTEN yizhan_devices' AND pid <> pg_backend_pid()";

  private static long listeners(Server s) throws Exception {
    return count(s, "SELECT count(*) FROM " + LISTENING);
  }

  private static YizhanConfig base(TestDatabases.Db db) throws Exception {
    return TestServers.defaults()
        .withDatabase(db.url(), db.user(), db.password())
        .withHttpPort(TestServers.freePort());
  }

  /** Instance B: consumes from the broker and serves EMQX's hooks. */
  private static Server brokerInstance(TestDatabases.Db db, Mosquitto broker) throws Exception {
    YizhanConfig c = base(db).withDataDir(Files.createTempDirectory("yizhan-b"));
    return Server.start(
        c.withMqtt(c.mqtt().withBroker(broker.url(), "yizhan", "yizhan-b"))
            .withBrokerHookToken(TOKEN));
  }

  /**
   * A station and its device made through A before B starts (B loads stations at start: they are
   * not shared between instances); returns the device id.
   */
  private static String provision(Server a) throws Exception {
    Http http = new Http(a.port());
    http.createStation(STATION, "变更", 112.55, 37.87);
    return http.provisionDevice(STATION, 60).getString("id");
  }

  private static HttpResponse<String> post(Http http, String path) throws Exception {
    return http.send(http.admin(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static String authz(Http http, String id) throws Exception {
    return hook(
        http,
        "/api/v1/broker/emqx/authz",
        new JsonObject()
            .put("username", id)
            .put("clientid", id)
            .put("action", "publish")
            .put("topic", "yz/v1/st/" + STATION + "/dev/" + id + "/telemetry"));
  }

  private static String authn(Http http, String id, String password) throws Exception {
    return hook(
        http,
        "/api/v1/broker/emqx/authn",
        new JsonObject().put("username", id).put("clientid", id).put("password", password));
  }

  private static String hook(Http http, String path, JsonObject body) throws Exception {
    HttpResponse<String> r =
        http.send(
            http.request(path)
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("result");
  }

  private static void publish(MqttClient client, String id, long seq) throws Exception {
    Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String json = "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":1}";
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish("yz/v1/st/" + STATION + "/dev/" + id + "/telemetry", m);
  }

  private static long count(Server s, String sql) throws Exception {
    try (Connection c = s.database().dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A condition read from the system under test. */
  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitUntil(String what, Check check, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s: " + what);
      }
      Thread.sleep(20);
    }
  }
}
