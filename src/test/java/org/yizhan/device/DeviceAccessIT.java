package org.yizhan.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
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
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Device access against a real server, database and MQTT clients: disabling, re-enabling and new
 * secrets take effect on the next CONNECT and end the live connection, a closed station's devices
 * are refused, a station admin cannot tell another scope's device from an unknown one, every action
 * is audited without the secret, and a configuration the database cannot store is a 400.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeviceAccessIT {

  private static final int BAD_USER_NAME_OR_PASSWORD = 4;
  private static final int NOT_AUTHORIZED = 5;

  private static Server server;
  private static Http http;
  private static String adminA;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    station("da-a", "太原市", "迎泽区", 112.56, 37.86);
    station("da-b", "大同市", "平城区", 113.30, 40.08);
    station("da-closing", "太原市", "迎泽区", 112.57, 37.87);
    HttpResponse<String> account =
        post(
            null,
            "/api/v1/accounts",
            new JsonObject()
                .put("username", "admin-a")
                .put("role", "station_admin")
                .put("password", "admin-a-secret-pw")
                .put("scope", new JsonObject().put("stations", List.of("da-a"))));
    assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
    HttpResponse<String> login =
        http.send(
            http.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin-a\",\"password\":\"admin-a-secret-pw\"}")));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    adminA = new JsonObject(login.body()).getString("token");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Verifies that a disabled device loses its connection and is then told "not authorized". */
  @Test
  void disablingEndsTheConnectionAndRefusesTheNextOneUntilReenabled() throws Exception {
    JsonObject d = http.provisionDevice("da-a", 60);
    String id = d.getString("id");
    String secret = d.getString("secret");
    Watched c = connect(id, secret);

    HttpResponse<String> off = post(null, "/api/v1/devices/" + id + "/disable", new JsonObject());
    assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
    assertThat(new JsonObject(off.body()).getBoolean("enabled")).isFalse();
    assertThat(new JsonObject(off.body()).getString("state")).isEqualTo("disabled");
    assertThat(c.lost.await(10, TimeUnit.SECONDS)).as("live connection closed").isTrue();
    c.client.close(true);

    assertThat(refusal(id, secret)).isEqualTo(NOT_AUTHORIZED);
    // Only a device holding the secret learns it is disabled.
    assertThat(refusal(id, "not-the-secret")).isEqualTo(BAD_USER_NAME_OR_PASSWORD);

    HttpResponse<String> on = post(null, "/api/v1/devices/" + id + "/enable", new JsonObject());
    assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
    assertThat(new JsonObject(on.body()).getBoolean("enabled")).isTrue();
    Watched again = connect(id, secret);
    again.client.disconnect();
    again.client.close();

    assertThat(audit(id)).contains("device.disable", "device.enable");
  }

  /** Verifies that an MQTT 5 device is told why: administrative action, then not authorized. */
  @Test
  void anMqtt5DeviceIsToldWhy() throws Exception {
    JsonObject d = http.provisionDevice("da-a", 60);
    String id = d.getString("id");
    String secret = d.getString("secret");
    var client =
        new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(),
            id + "-v5",
            new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    java.util.concurrent.CompletableFuture<Integer> reason =
        new java.util.concurrent.CompletableFuture<>();
    client.setCallback(
        new org.eclipse.paho.mqttv5.client.MqttCallback() {
          @Override
          public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
            reason.complete(r.getReturnCode());
          }

          @Override
          public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {}

          @Override
          public void messageArrived(
              String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {}

          @Override
          public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void authPacketArrived(
              int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties props) {}
        });
    var o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
    o.setUserName(id);
    o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
    client.connect(o).waitForCompletion(10_000);
    assertThat(post(null, "/api/v1/devices/" + id + "/disable", null).statusCode()).isEqualTo(200);
    assertThat(reason.get(10, TimeUnit.SECONDS)).isEqualTo(0x98);
    try {
      client.connect(o).waitForCompletion(10_000);
      throw new AssertionError("a disabled device connected");
    } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
      assertThat(e.getReasonCode()).isEqualTo(0x87);
    } finally {
      client.close(true);
    }
  }

  /** Verifies that a new secret is returned once, the old one stops working and its link ends. */
  @Test
  void aNewSecretReplacesTheOldOneAtOnce() throws Exception {
    JsonObject d = http.provisionDevice("da-a", 60);
    String id = d.getString("id");
    String old = d.getString("secret");
    Watched c = connect(id, old);

    HttpResponse<String> r = post(null, "/api/v1/devices/" + id + "/rotate-secret", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    String fresh = new JsonObject(r.body()).getString("secret");
    assertThat(fresh).isNotBlank().isNotEqualTo(old);
    assertThat(c.lost.await(10, TimeUnit.SECONDS)).as("old connection closed").isTrue();
    c.client.close(true);

    assertThat(refusal(id, old)).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    Watched now = connect(id, fresh);
    now.client.disconnect();
    now.client.close();

    String audited = audit(id);
    assertThat(audited).contains("device.rotate_secret").doesNotContain(fresh).doesNotContain(old);
    assertThat(get(null, "/api/v1/devices/" + id).body()).doesNotContain(fresh);
  }

  /** Verifies that closing a station refuses its devices and ends their connections. */
  @Test
  void aClosedStationsDevicesAreRefused() throws Exception {
    JsonObject d = http.provisionDevice("da-closing", 60);
    String id = d.getString("id");
    String secret = d.getString("secret");
    Watched c = connect(id, secret);

    HttpResponse<String> closed = http.send(http.admin("/api/v1/stations/da-closing").DELETE());
    assertThat(closed.statusCode()).as(closed.body()).isBetween(200, 204);
    assertThat(c.lost.await(10, TimeUnit.SECONDS)).as("live connection closed").isTrue();
    c.client.close(true);
    assertThat(refusal(id, secret)).isEqualTo(NOT_AUTHORIZED);
    assertThat(new JsonObject(get(null, "/api/v1/devices/" + id).body()).getBoolean("station_open"))
        .isFalse();

    HttpResponse<String> more =
        post(null, "/api/v1/devices", new JsonObject().put("station_id", "da-closing"));
    assertThat(more.statusCode()).isEqualTo(400);
    assertThat(
            new JsonObject(more.body()).getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("station_id");
  }

  /**
   * Verifies that a station admin gets the same 404 for another scope's device as for an unknown
   * one on every device endpoint, and cannot probe ids by provisioning.
   */
  @Test
  void aStationAdminCannotTellAnotherScopesDeviceFromAnUnknownOne() throws Exception {
    JsonObject other = http.provisionDevice("da-b", 60);
    String theirs = other.getString("id");
    String unknown = "dev-nobody-has-this";
    for (String[] call :
        new String[][] {
          {"GET", ""},
          {"POST", "/disable"},
          {"POST", "/enable"},
          {"POST", "/rotate-secret"},
          {"GET", "/config"}
        }) {
      HttpResponse<String> a = call(call[0], "/api/v1/devices/" + theirs + call[1]);
      HttpResponse<String> b = call(call[0], "/api/v1/devices/" + unknown + call[1]);
      assertThat(a.statusCode()).as(call[0] + call[1]).isEqualTo(404);
      assertThat(b.statusCode()).as(call[0] + call[1]).isEqualTo(404);
      assertThat(a.body().replace(theirs, "X")).isEqualTo(b.body().replace(unknown, "X"));
    }
    assertThat(get(null, "/api/v1/devices/" + theirs).body()).contains("\"enabled\":true");

    // Creating with a taken id used to answer 409; a station admin's devices get generated ids.
    HttpResponse<String> taken =
        post(
            adminA,
            "/api/v1/devices",
            new JsonObject().put("id", theirs).put("station_id", "da-a"));
    HttpResponse<String> free =
        post(
            adminA,
            "/api/v1/devices",
            new JsonObject().put("id", unknown).put("station_id", "da-a"));
    assertThat(taken.statusCode()).isEqualTo(400);
    assertThat(free.statusCode()).isEqualTo(400);
    assertThat(taken.body().replace(theirs, "X")).isEqualTo(free.body().replace(unknown, "X"));
    assertThat(taken.body()).contains("\"field\":\"id\"");

    HttpResponse<String> mine =
        post(adminA, "/api/v1/devices", new JsonObject().put("station_id", "da-a"));
    assertThat(mine.statusCode()).as(mine.body()).isEqualTo(201);
    String own = new JsonObject(mine.body()).getString("id");
    assertThat(call("POST", "/api/v1/devices/" + own + "/disable").statusCode()).isEqualTo(200);
    assertThat(call("POST", "/api/v1/devices/" + own + "/rotate-secret").body())
        .contains("\"secret\"");
  }

  /** Verifies that a threshold PostgreSQL's real cannot hold is a 400 naming it, not a 500. */
  @Test
  void aThresholdTheDatabaseCannotStoreIsRefusedByName() throws Exception {
    String id = http.provisionDevice("da-a", 60).getString("id");
    for (String value : List.of("1e-300", "-1e-38")) {
      HttpResponse<String> r =
          put(
              "/api/v1/devices/" + id + "/config",
              "{\"interval_s\":60,\"occupancy_report\":\"periodic\",\"temperature_high_c\":"
                  + value
                  + "}");
      assertThat(r.statusCode()).as(value + ": " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(r.body()).contains("\"field\":\"temperature_high_c\"");
    }
    assertThat(get(null, "/api/v1/devices/" + id + "/config").body()).contains("\"version\":1");
  }

  /** Verifies that a data error raised by the database while storing a configuration is a 400. */
  @Test
  void aDatabaseDataErrorOnAConfigChangeIsA400() throws Exception {
    String id = http.provisionDevice("da-a", 60).getString("id");
    try (Connection c = server.database().dataSource().getConnection();
        Statement s = c.createStatement()) {
      // Stands in for any value the checks let through but the database refuses.
      s.execute(
          "CREATE FUNCTION refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " IF NEW.device_id = '"
              + id
              + "' THEN RAISE EXCEPTION 'out of range' USING ERRCODE = '22003'; END IF;"
              + " RETURN NEW; END $$");
      s.execute(
          "CREATE TRIGGER refuse_for_test BEFORE INSERT OR UPDATE ON device_config"
              + " FOR EACH ROW EXECUTE FUNCTION refuse_for_test()");
    }
    HttpResponse<String> r =
        put(
            "/api/v1/devices/" + id + "/config",
            "{\"interval_s\":30,\"occupancy_report\":\"periodic\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body()).contains("22003");
    assertThat(get(null, "/api/v1/devices/" + id + "/config").body()).contains("\"version\":1");
  }

  // ---------------------------------------------------------------------------------- helpers

  /** A connected MQTT 3.1.1 client and a latch released when the server drops it. */
  private record Watched(MqttClient client, CountDownLatch lost) {}

  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private static MqttConnectOptions options(String user, String password) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(user);
    o.setPassword(password.toCharArray());
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(10);
    return o;
  }

  private static MqttClient client(String user) throws MqttException {
    return new MqttClient(
        "tcp://127.0.0.1:" + server.config().mqtt().port(),
        user + "-" + CLIENTS.incrementAndGet(),
        new MemoryPersistence());
  }

  private static Watched connect(String user, String password) throws MqttException {
    MqttClient c = client(user);
    CountDownLatch lost = new CountDownLatch(1);
    c.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
            lost.countDown();
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {}

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    c.connect(options(user, password));
    return new Watched(c, lost);
  }

  /** The CONNACK return code of a connection attempt (0: it was accepted). */
  private static int refusal(String user, String password) throws MqttException {
    MqttClient c = client(user);
    try {
      c.connect(options(user, password));
      c.disconnect();
      return 0;
    } catch (MqttException e) {
      return e.getReasonCode();
    } finally {
      c.close(true);
    }
  }

  private static String audit(String deviceId) throws Exception {
    HttpResponse<String> r = get(null, "/api/v1/audit?target_type=device&target_id=" + deviceId);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static void station(String id, String city, String district, double lon, double lat)
      throws Exception {
    http.createStation(
        lon,
        lat,
        new JsonObject()
            .put("id", id)
            .put("name_zh", "驿站 " + id)
            .put("kind", "urban_rest_station")
            .put("capacity", 10)
            .put("opening_hours", "24/7")
            .put("city", city)
            .put("district", district));
  }

  private static HttpRequest.Builder as(String session, String path) {
    return session == null
        ? http.admin(path)
        : http.request(path).header("Authorization", "Bearer " + session);
  }

  private static HttpResponse<String> call(String method, String path) throws Exception {
    return "GET".equals(method) ? get(adminA, path) : post(adminA, path, null);
  }

  private static HttpResponse<String> get(String session, String path) throws Exception {
    return http.send(as(session, path).GET());
  }

  private static HttpResponse<String> post(String session, String path, JsonObject body)
      throws Exception {
    return http.send(
        body == null
            ? as(session, path).POST(HttpRequest.BodyPublishers.noBody())
            : as(session, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8)));
  }

  private static HttpResponse<String> put(String path, String json) throws Exception {
    return http.send(
        http.admin(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }
}
