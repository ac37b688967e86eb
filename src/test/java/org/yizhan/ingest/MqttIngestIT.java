package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Devices over real MQTT (Eclipse Paho) against the built-in endpoint and a real PostgreSQL:
 * authentication, topic ACL, PUBACK after commit, rejections kept with their reason, live values in
 * the API and on the SSE stream.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MqttIngestIT {

  static final String STATION = "mq-st-1";
  private static Server server;
  private static Http http;
  private static String deviceId;
  private static String secret;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    http.createStation(STATION, "测试", 112.55, 37.87);
    JsonObject d = http.provisionDevice(STATION, 60);
    deviceId = d.getString("id");
    secret = d.getString("secret");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static String broker() {
    return "tcp://127.0.0.1:" + server.config().mqtt().port();
  }

  static MqttClient connect(String user, String password) throws MqttException {
    return connect(STATION, user, password);
  }

  static MqttClient connect(String station, String user, String password) throws MqttException {
    MqttClient c =
        new MqttClient(broker(), user + "-" + System.nanoTime() % 100000, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(user);
    o.setPassword(password.toCharArray());
    o.setCleanSession(false);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setWill(
        "yz/v1/st/" + station + "/dev/" + user + "/status",
        "{\"state\":\"offline\",\"reason\":\"lwt\"}".getBytes(StandardCharsets.UTF_8),
        1,
        true);
    c.connect(o);
    return c;
  }

  static String topic(String kind) {
    return "yz/v1/st/" + STATION + "/dev/" + deviceId + "/" + kind;
  }

  static MqttMessage message(String json) {
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    return m;
  }

  static long rows(long seq) throws Exception {
    return rows(deviceId, seq);
  }

  static long rows(String device, long seq) throws Exception {
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM reading WHERE device_id = ? AND seq = ?")) {
      ps.setString(1, device);
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * A station of the calling test's own, far from the shared one, with one device: live values
   * there are the test's alone, whatever other tests publish and in whatever order they run.
   */
  private static JsonObject ownStationWithDevice(String station, double lon, double lat)
      throws Exception {
    http.createStation(station, "测试", lon, lat);
    return http.provisionDevice(station, 60);
  }

  @Test
  void pubackMeansTheReadingIsInTheDatabaseAndRedeliveryStoresItOnce() throws Exception {
    String station = "mq-puback";
    JsonObject device = ownStationWithDevice(station, 111.55, 36.87);
    String id = device.getString("id");
    MqttClient c = connect(station, id, device.getString("secret"));
    try {
      String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      String reading = "{\"seq\":101,\"ts\":\"" + ts + "\",\"occupancy\":4,\"temperature_c\":27.5}";
      String telemetry = "yz/v1/st/" + station + "/dev/" + id + "/telemetry";
      c.publish(telemetry, message(reading)); // returns after PUBACK
      assertThat(rows(id, 101)).isEqualTo(1);
      c.publish(telemetry, message(reading));
      assertThat(rows(id, 101)).isEqualTo(1);

      JsonObject f =
          new JsonObject(http.get("/api/v1/stations/nearby?lat=36.87&lon=111.55&limit=1").body())
              .getJsonArray("features")
              .getJsonObject(0);
      assertThat(f.getString("id")).isEqualTo(station);
      JsonObject live = f.getJsonObject("properties").getJsonObject("live");
      assertThat(live.getInteger("occupancy")).isEqualTo(4);
      assertThat(live.getInteger("free_seats")).isEqualTo(6);
      assertThat(live.getString("occupancy_state")).isEqualTo("current");
      assertThat(live.getLong("occupancy_age_s")).isBetween(0L, 30L);
      assertThat(live.getDouble("temperature_c")).isEqualTo(27.5);
    } finally {
      c.disconnect();
    }
  }

  @Test
  void retainedConfigIsDeliveredOnSubscribe() throws Exception {
    MqttClient c = connect(deviceId, secret);
    try {
      CompletableFuture<String> config = new CompletableFuture<>();
      c.subscribe(
          topic("config"),
          1,
          (t, m) -> config.complete(new String(m.getPayload(), StandardCharsets.UTF_8)));
      JsonObject cfg = new JsonObject(config.get(10, TimeUnit.SECONDS));
      assertThat(cfg.getInteger("interval_s")).isEqualTo(60);
      assertThat(cfg.getInteger("version")).isEqualTo(1);
    } finally {
      c.disconnect();
    }
  }

  @Test
  void anAdminConfigChangeIsCheckedStoredAndPushedToTheConnectedDevice() throws Exception {
    JsonObject dev = provision();
    String id = dev.getString("id");
    String configTopic = "yz/v1/st/" + STATION + "/dev/" + id + "/config";
    String path = "/api/v1/devices/" + id + "/config";

    // Not connected: stored, delivered when the device subscribes.
    HttpResponse<String> first =
        putConfig(path, "{\"interval_s\":120,\"occupancy_report\":\"periodic\"}");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(new JsonObject(first.body()).getString("delivery")).isEqualTo("on_next_subscribe");

    MqttClient c = connect(id, dev.getString("secret"));
    try {
      java.util.concurrent.LinkedBlockingQueue<JsonObject> received =
          new java.util.concurrent.LinkedBlockingQueue<>();
      c.subscribe(
          configTopic,
          1,
          (t, m) ->
              received.add(new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8))));
      JsonObject onSubscribe = received.poll(10, TimeUnit.SECONDS);
      assertThat(onSubscribe).isNotNull();
      assertThat(onSubscribe.getInteger("version")).isEqualTo(2);
      assertThat(onSubscribe.getInteger("interval_s")).isEqualTo(120);

      // Connected and subscribed: pushed at once, and freshness now follows the new interval.
      HttpResponse<String> second =
          putConfig(
              path,
              "{\"interval_s\":30,\"temperature_high_c\":29.5,\"temperature_low_c\":10,"
                  + "\"occupancy_report\":\"on_change\"}");
      assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
      assertThat(new JsonObject(second.body()).getString("delivery")).isEqualTo("pushed");
      JsonObject pushed = received.poll(10, TimeUnit.SECONDS);
      assertThat(pushed).isNotNull();
      assertThat(pushed.getInteger("version")).isEqualTo(3);
      assertThat(pushed.getInteger("interval_s")).isEqualTo(30);
      assertThat(pushed.getDouble("temperature_high_c")).isEqualTo(29.5);
      assertThat(pushed.getString("occupancy_report")).isEqualTo("on_change");
      JsonObject listed =
          new JsonObject(http.send(http.admin("/api/v1/devices?station_id=" + STATION)).body())
              .getJsonArray("devices").stream()
                  .map(JsonObject.class::cast)
                  .filter(d -> d.getString("id").equals(id))
                  .findFirst()
                  .orElseThrow();
      assertThat(listed.getInteger("expected_interval_s")).isEqualTo(30);

      // Bad requests name the field and change nothing.
      for (String[] bad :
          new String[][] {
            {"{\"interval_s\":3,\"occupancy_report\":\"periodic\"}", "interval_s"},
            {"{\"occupancy_report\":\"periodic\"}", "interval_s"},
            {"{\"interval_s\":60,\"occupancy_report\":\"sometimes\"}", "occupancy_report"},
            {"{\"interval_s\":60,\"occupancy_report\":\"periodic\",\"version\":9}", "version"},
            {"{\"interval_s\":60,\"occupancy_report\":\"periodic\",\"colour\":1}", "colour"},
            {
              "{\"interval_s\":60,\"occupancy_report\":\"periodic\",\"temperature_high_c\":10,"
                  + "\"temperature_low_c\":20}",
              "temperature_low_c"
            },
            {
              "{\"interval_s\":60,\"occupancy_report\":\"periodic\",\"temperature_high_c\":200}",
              "temperature_high_c"
            },
          }) {
        HttpResponse<String> r = putConfig(path, bad[0]);
        assertThat(r.statusCode()).as(bad[0] + " -> " + r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(r.body()).as(bad[0]).contains("\"" + bad[1] + "\"");
      }
      JsonObject current =
          new JsonObject(http.send(http.admin(path)).body()).getJsonObject("config");
      assertThat(current.getInteger("version")).isEqualTo(3);
      assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("nothing more pushed").isNull();

      assertThat(putConfig("/api/v1/devices/no-such-device/config", "{}").statusCode())
          .isEqualTo(404);
      assertThat(
              http.send(
                      http.request(path)
                          .header("Content-Type", "application/json")
                          .PUT(BodyPublishers.ofString("{\"interval_s\":60}")))
                  .statusCode())
          .as("no token")
          .isEqualTo(401);
    } finally {
      c.disconnect();
    }
  }

  @Test
  void deviceHealthFollowsTelemetryAndTheFleetSummaryCountsIt() throws Exception {
    String quiet = provision().getString("id");
    JsonObject talker = provision();
    String talkerId = talker.getString("id");
    MqttClient c = connect(talkerId, talker.getString("secret"));
    try {
      // Connected but silent: never seen, not online.
      assertThat(deviceState(talkerId)).isEqualTo("never_seen");
      String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      c.publish(
          "yz/v1/st/" + STATION + "/dev/" + talkerId + "/telemetry",
          message("{\"seq\":1,\"ts\":\"" + ts + "\",\"occupancy\":2,\"battery_pct\":15}"));
      assertThat(deviceState(talkerId)).isEqualTo("online");
      assertThat(deviceState(quiet)).isEqualTo("never_seen");

      JsonObject neverSeen =
          new JsonObject(
              http.send(http.admin("/api/v1/devices?state=never_seen&limit=1000")).body());
      assertThat(
              neverSeen.getJsonArray("devices").stream().map(d -> ((JsonObject) d).getString("id")))
          .contains(quiet)
          .doesNotContain(talkerId);
      JsonObject page =
          new JsonObject(
              http.send(http.admin("/api/v1/devices?sort=battery&limit=1&offset=0")).body());
      assertThat(page.getInteger("numberReturned")).isEqualTo(1);
      assertThat(page.getInteger("numberMatched")).isGreaterThanOrEqualTo(2);

      JsonObject summary = new JsonObject(http.send(http.admin("/api/v1/fleet/summary")).body());
      JsonObject totals = summary.getJsonObject("totals");
      int sum = 0;
      for (String k : totals.fieldNames()) {
        sum += totals.getInteger(k);
      }
      assertThat(sum).isEqualTo(summary.getInteger("devices"));
      assertThat(totals.getInteger("online")).isGreaterThanOrEqualTo(1);
      assertThat(totals.getInteger("never_seen")).isGreaterThanOrEqualTo(1);
      assertThat(
              summary.getJsonArray("low_battery").stream()
                  .map(d -> ((JsonObject) d).getString("id")))
          .contains(talkerId);

      // The once-a-second sweep records the device's change from never seen to online.
      String expected =
          "\"device_id\":\""
              + talkerId
              + "\",\"station_id\":\""
              + STATION
              + "\",\"from\":\"never_seen\",\"to\":\"online\"";
      String change = "";
      long deadline = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() < deadline && !change.contains(expected)) {
        change = http.send(http.admin("/api/v1/fleet/changes?limit=1000")).body();
        Thread.sleep(100);
      }
      assertThat(change).contains(expected);
      assertThat(change).doesNotContain("\"from\":\"never_seen\",\"to\":\"never_seen\"");
      assertThat(http.send(http.admin("/api/v1/fleet/changes?since=yesterday")).statusCode())
          .isEqualTo(400);

      // The alert endpoints: a list (no device here has been offline), checks on every input.
      HttpResponse<String> alerts = http.send(http.admin("/api/v1/alerts?status=open"));
      assertThat(alerts.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(alerts.body()).getJsonArray("alerts")).isNotNull();
      assertThat(http.get("/api/v1/alerts").statusCode()).as("admins only").isEqualTo(401);
      assertThat(http.send(http.admin("/api/v1/alerts?status=sleeping")).statusCode())
          .isEqualTo(400);
      HttpResponse<String> noBy =
          http.send(
              http.admin("/api/v1/alerts/1/acknowledge")
                  .header("Content-Type", "application/json")
                  .POST(BodyPublishers.ofString("{}")));
      assertThat(noBy.statusCode()).isEqualTo(400);
      assertThat(noBy.body()).contains("\"by\"");
      HttpResponse<String> none =
          http.send(
              http.admin("/api/v1/alerts/999999/acknowledge")
                  .header("Content-Type", "application/json")
                  .POST(BodyPublishers.ofString("{\"by\":\"ops\"}")));
      assertThat(none.statusCode()).isEqualTo(404);

      for (String bad : new String[] {"state=sleepy", "sort=colour", "limit=0", "limit=5000"}) {
        HttpResponse<String> r = http.send(http.admin("/api/v1/devices?" + bad));
        assertThat(r.statusCode()).as(bad).isEqualTo(400);
        assertThat(r.body()).contains("\"" + bad.substring(0, bad.indexOf('=')) + "\"");
      }
    } finally {
      c.disconnect();
    }
  }

  private static String deviceState(String id) throws Exception {
    JsonObject list =
        new JsonObject(
            http.send(http.admin("/api/v1/devices?station_id=" + STATION + "&limit=1000")).body());
    return list.getJsonArray("devices").stream()
        .map(JsonObject.class::cast)
        .filter(d -> d.getString("id").equals(id))
        .findFirst()
        .orElseThrow()
        .getString("state");
  }

  private static JsonObject provision() throws Exception {
    HttpResponse<String> dev =
        http.send(
            http.admin("/api/v1/devices")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"station_id\":\"" + STATION + "\"}")));
    assertThat(dev.statusCode()).as(dev.body()).isEqualTo(201);
    return new JsonObject(dev.body());
  }

  private static HttpResponse<String> putConfig(String path, String body) throws Exception {
    return http.send(
        http.admin(path)
            .header("Content-Type", "application/json")
            .PUT(BodyPublishers.ofString(body)));
  }

  @Test
  void wrongPasswordIsRefusedAtConnectAndCounted() {
    long before = server.rejections().count(RejectReason.BAD_CREDENTIALS);
    assertThatThrownBy(() -> connect(deviceId, "not-the-secret"))
        .isInstanceOf(MqttException.class)
        .satisfies(
            e ->
                assertThat(((MqttException) e).getReasonCode())
                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    assertThat(server.rejections().count(RejectReason.BAD_CREDENTIALS)).isEqualTo(before + 1);
  }

  @Test
  void schemaViolationIsAcknowledgedCountedAndKeptButNotStored() throws Exception {
    long before = server.rejections().count(RejectReason.SCHEMA_VIOLATION);
    MqttClient c = connect(deviceId, secret);
    try {
      String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      c.publish(
          topic("telemetry"), message("{\"seq\":202,\"ts\":\"" + ts + "\",\"temperature_c\":300}"));
      assertThat(c.isConnected()).isTrue();
      assertThat(rows(202)).isZero();
      assertThat(server.rejections().count(RejectReason.SCHEMA_VIOLATION)).isEqualTo(before + 1);
      // The refused message is kept for admins with its reason (written asynchronously).
      JsonObject kept = null;
      for (int i = 0; i < 50 && kept == null; i++) {
        JsonObject r =
            new JsonObject(http.send(http.admin("/api/v1/rejections?limit=20").GET()).body());
        kept =
            r.getJsonArray("latest").stream()
                .map(o -> (JsonObject) o)
                .filter(o -> "schema_violation".equals(o.getString("reason")))
                // Other tests' refusals may be newer: find this one by its payload.
                .filter(o -> o.getString("payload", "").contains("\"seq\":202"))
                .findFirst()
                .orElse(null);
        Thread.sleep(100);
      }
      assertThat(kept).isNotNull();
      assertThat(kept.getString("detail")).contains("temperature_c");
      assertThat(kept.getString("payload")).contains("\"seq\":202");
    } finally {
      c.disconnect();
    }
  }

  @Test
  void mqtt5ClientsGetANegativePubackWithTheReason() throws Exception {
    var client =
        new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
            broker(),
            deviceId + "-v5",
            new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    var o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
    o.setUserName(deviceId);
    o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
    client.connect(o).waitForCompletion(10_000);
    try {
      String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      var bad =
          new org.eclipse.paho.mqttv5.common.MqttMessage(
              ("{\"seq\":404,\"ts\":\"" + ts + "\",\"humidity_pct\":120}")
                  .getBytes(StandardCharsets.UTF_8));
      bad.setQos(1);
      var token = client.publish(topic("telemetry"), bad);
      token.waitForCompletion(10_000);
      assertThat(token.getReasonCodes()).containsExactly(0x99);
      var good =
          new org.eclipse.paho.mqttv5.common.MqttMessage(
              ("{\"seq\":405,\"ts\":\"" + ts + "\",\"humidity_pct\":50}")
                  .getBytes(StandardCharsets.UTF_8));
      good.setQos(1);
      var ok = client.publish(topic("telemetry"), good);
      ok.waitForCompletion(10_000);
      assertThat(ok.getReasonCodes()).containsExactly(0);
      assertThat(rows(405)).isEqualTo(1);
      assertThat(rows(404)).isZero();
    } finally {
      client.disconnect().waitForCompletion(5_000);
      client.close();
    }
  }

  @Test
  void publishingUnderAnotherDevicesTopicClosesTheConnection() throws Exception {
    long before = server.rejections().count(RejectReason.NOT_AUTHORIZED);
    MqttClient c = connect(deviceId, secret);
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    assertThatThrownBy(
            () ->
                c.publish(
                    "yz/v1/st/" + STATION + "/dev/someone-else/telemetry",
                    message("{\"seq\":1,\"ts\":\"" + ts + "\",\"occupancy\":1}")))
        .isInstanceOf(MqttException.class);
    assertThat(server.rejections().count(RejectReason.NOT_AUTHORIZED)).isEqualTo(before + 1);
    c.close(true);
  }

  @Test
  void aLiveUpdateReachesTheSseStreamAfterThePuback() throws Exception {
    String station = "mq-sse";
    JsonObject device = ownStationWithDevice(station, 110.55, 35.87);
    String id = device.getString("id");
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<InputStream> sse =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.port() + "/api/v1/live?bbox=110,35,111,36"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(sse.statusCode()).isEqualTo(200);
    assertThat(sse.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    CompletableFuture<String> event = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.startsWith("data:") && line.contains("\"occupancy\":9")) {
                    event.complete(line);
                    return;
                  }
                }
              } catch (Exception e) {
                event.completeExceptionally(e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    MqttClient c = connect(station, id, device.getString("secret"));
    try {
      String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      c.publish(
          "yz/v1/st/" + station + "/dev/" + id + "/telemetry",
          message("{\"seq\":303,\"ts\":\"" + ts + "\",\"occupancy\":9}"));
      String data = event.get(10, TimeUnit.SECONDS);
      assertThat(data).contains("\"id\":\"" + station + "\"");
    } finally {
      c.disconnect();
      sse.body().close();
    }
  }
}
