package org.yizhan.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Verifies that a device whose connection drops without a DISCONNECT is offline at once, with the
 * reason {@code lwt}: the device reports hourly, so waiting for three missed intervals would take
 * three hours. It sets no will of its own, so only the server noticing the closed socket can say it
 * is gone.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DroppedConnectionOfflineIT {

  private static final String STATION = "drop-st";

  /** "At once": the fleet sweep runs every second; this leaves room for a slow machine. */
  private static final Duration AT_ONCE = Duration.ofSeconds(5);

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anHourlyDeviceIsOfflineWithinSecondsOfItsConnectionDropping() throws Exception {
    try (Server server = TestServers.start(java.util.Optional.empty())) {
      Http http = new Http(server.port());
      http.createStation(STATION, "断线驿站", 112.55, 37.87);
      JsonObject dev = http.provisionDevice(STATION, 3600);
      String id = dev.getString("id");
      MqttClient device =
          new MqttClient(
              "tcp://127.0.0.1:" + server.config().mqtt().port(), id, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setUserName(id);
      o.setPassword(dev.getString("secret").toCharArray());
      o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      o.setKeepAliveInterval(600); // the server must not wait for a missed keep alive either
      device.connect(o);
      MqttMessage m =
          new MqttMessage(
              ("{\"seq\":1,\"ts\":\""
                      + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                      + "\",\"occupancy\":3}")
                  .getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      device.publish("yz/v1/st/" + STATION + "/dev/" + id + "/telemetry", m);
      assertThat(device(http, id).getString("state")).isEqualTo("online");

      device.disconnectForcibly(0, 0, false); // the socket closes, no DISCONNECT is sent
      device.close();
      long cut = System.nanoTime();

      JsonObject after = device(http, id);
      while (!"offline".equals(after.getString("state"))
          && System.nanoTime() - cut < AT_ONCE.toNanos()) {
        Thread.sleep(50);
        after = device(http, id);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - cut);
      assertThat(after.getString("state"))
          .as("offline within %s of the drop, long before 3 hourly intervals: %s", AT_ONCE, after)
          .isEqualTo("offline");
      assertThat(after.getString("connection")).isEqualTo("offline");
      assertThat(after.getString("connection_reason")).isEqualTo("lwt");
      assertThat(took).isLessThan(AT_ONCE);

      // The once-a-second sweep records it too (from never_seen if it ran before the reading).
      java.util.regex.Pattern change =
          java.util.regex.Pattern.compile(
              "\"device_id\":\""
                  + id
                  + "\",\"station_id\":\""
                  + STATION
                  + "\",\"from\":\"(online|never_seen)\",\"to\":\"offline\"");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      String changes = http.send(http.admin("/api/v1/fleet/changes?limit=1000")).body();
      while (!change.matcher(changes).find() && System.nanoTime() < until) {
        Thread.sleep(50);
        changes = http.send(http.admin("/api/v1/fleet/changes?limit=1000")).body();
      }
      assertThat(changes).as("the sweep records the change").containsPattern(change);
    }
  }

  private static JsonObject device(Http http, String id) throws Exception {
    return new JsonObject(
            http.send(http.admin("/api/v1/devices?station_id=" + STATION + "&limit=1000")).body())
        .getJsonArray("devices").stream()
            .map(JsonObject.class::cast)
            .filter(d -> d.getString("id").equals(id))
            .findFirst()
            .orElseThrow();
  }
}
