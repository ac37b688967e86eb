package org.yizhan.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * A station's status against a real server and real MQTT clients: a temporarily closed station
 * still takes its devices (and is closed to workers whatever its hours), a closed one refuses them,
 * and reopening it lets them in again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StationStatusAccessIT {

  private static final int NOT_AUTHORIZED = 5;
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /**
   * Verifies that a temporarily closed station's devices connect and the station is closed to
   * workers though its hours are 24/7.
   */
  @Test
  void aTemporarilyClosedStationsDevicesConnectWhileItIsClosedWhateverItsHours() throws Exception {
    http.createStation("ss-temp", "暂停驿站", 112.56, 37.86);
    JsonObject d = http.provisionDevice("ss-temp", 60);
    assertThat(openState("ss-temp", 112.56, 37.86)).isEqualTo("open");

    JsonObject changed = setStatus("ss-temp", "temporarily_closed");
    assertThat(changed.getJsonObject("properties").getString("status"))
        .isEqualTo("temporarily_closed");

    assertThat(connack(d.getString("id"), d.getString("secret"))).isZero();
    assertThat(device(d.getString("id")).getBoolean("station_open")).isTrue();
    assertThat(openState("ss-temp", 112.56, 37.86)).as("24/7 but not active").isEqualTo("closed");
  }

  /** Verifies that a closed station refuses its devices and reopening it lets them in again. */
  @Test
  void reopeningAClosedStationLetsItsDevicesInAgain() throws Exception {
    http.createStation("ss-closed", "关闭驿站", 112.58, 37.88);
    JsonObject d = http.provisionDevice("ss-closed", 60);
    String id = d.getString("id");
    String secret = d.getString("secret");
    assertThat(connack(id, secret)).isZero();

    HttpResponse<String> closed = http.send(http.admin("/api/v1/stations/ss-closed").DELETE());
    assertThat(closed.statusCode()).as(closed.body()).isBetween(200, 204);
    assertThat(connack(id, secret)).isEqualTo(NOT_AUTHORIZED);

    setStatus("ss-closed", "active");
    assertThat(connack(id, secret)).as("reopened").isZero();
    assertThat(device(id).getBoolean("station_open")).isTrue();
  }

  /** Sends the station back with a new status, as an editor would: fetched, changed, put. */
  private static JsonObject setStatus(String stationId, String status) throws Exception {
    HttpResponse<String> got = http.send(http.admin("/api/v1/stations/" + stationId).GET());
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    JsonObject feature = new JsonObject(got.body());
    feature.getJsonObject("properties").put("status", status);
    HttpResponse<String> put =
        http.send(
            http.admin("/api/v1/stations/" + stationId)
                .header("Content-Type", "application/geo+json")
                .header("If-Match", got.headers().firstValue("ETag").orElseThrow())
                .PUT(HttpRequest.BodyPublishers.ofString(feature.encode())));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    return new JsonObject(put.body());
  }

  private static String openState(String stationId, double lon, double lat) throws Exception {
    HttpResponse<String> r =
        http.get(
            "/api/v1/stations?bbox="
                + (lon - 0.001)
                + ","
                + (lat - 0.001)
                + ","
                + (lon + 0.001)
                + ","
                + (lat + 0.001));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray features = new JsonObject(r.body()).getJsonArray("features");
    for (int i = 0; i < features.size(); i++) {
      JsonObject f = features.getJsonObject(i);
      if (stationId.equals(f.getString("id"))
          || stationId.equals(f.getJsonObject("properties").getString("id"))) {
        return f.getJsonObject("properties").getString("open_state");
      }
    }
    throw new AssertionError(stationId + " not in " + r.body());
  }

  private static JsonObject device(String id) throws Exception {
    HttpResponse<String> r = http.send(http.admin("/api/v1/devices/" + id).GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  /** The CONNACK return code of a connection attempt (0: it was accepted). */
  private static int connack(String user, String password) throws MqttException {
    MqttClient c =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(),
            user + "-" + CLIENTS.incrementAndGet(),
            new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(user);
    o.setPassword(password.toCharArray());
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(10);
    try {
      c.connect(o);
      c.disconnect();
      return 0;
    } catch (MqttException e) {
      return e.getReasonCode();
    } finally {
      c.close(true);
    }
  }
}
