package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.YizhanConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies that a device's status messages reach every instance's device presence in broker mode:
 * two instances behind a real Mosquitto share one subscription, which hands the device's birth to
 * one and its last will to the other, yet both device lists show the device online, then offline
 * for its last will, within about a second of each message.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DeviceStatusShareIT {

  private static final String STATION = "ss-st";

  @Test
  void verifiesThatAStatusDeliveredToOneInstanceShowsOnTheOther() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start()) {
      YizhanConfig base =
          TestServers.defaults()
              .withDatabase(db.url(), db.user(), db.password())
              .withHttpPort(TestServers.freePort());
      String device;
      try (Server setup = Server.start(base)) {
        Http http = new Http(setup.port());
        http.createStation(STATION, "状态", 112.55, 37.87);
        device = http.provisionDevice(STATION, 60).getString("id");
      }
      try (Server a = instance(base, broker, "yizhan-a");
          Server b = instance(base, broker, "yizhan-b")) {
        MqttClient sensor = new MqttClient(broker.url(), device, new MemoryPersistence());
        sensor.connect();
        status(
            sensor,
            device,
            "{\"state\":\"online\",\"ts\":\""
                + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "\",\"fw\":\"2.1.0\",\"interval_s\":60}");
        for (Server s : List.of(a, b)) {
          waitUntil(
              "instance on port " + s.port() + " shows the device online",
              () -> "online".equals(deviceJson(s, device).getString("connection")));
        }
        status(sensor, device, "{\"state\":\"offline\",\"reason\":\"lwt\"}");
        for (Server s : List.of(a, b)) {
          waitUntil(
              "instance on port " + s.port() + " shows the device offline",
              () -> "offline".equals(deviceJson(s, device).getString("connection")));
          JsonObject d = deviceJson(s, device);
          assertThat(d.getString("connection_reason")).isEqualTo("lwt");
          assertThat(d.getString("firmware")).isEqualTo("2.1.0");
        }
        sensor.disconnect();
      }
    }
  }

  /** An instance in broker mode, with its own HTTP port and data directory. */
  private static Server instance(YizhanConfig base, Mosquitto broker, String clientId)
      throws Exception {
    return Server.start(
        base.withHttpPort(TestServers.freePort())
            .withDataDir(Files.createTempDirectory(clientId))
            .withMqtt(base.mqtt().withBroker(broker.url(), "yizhan", clientId)));
  }

  private static void status(MqttClient client, String device, String json) throws Exception {
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish("yz/v1/st/" + STATION + "/dev/" + device + "/status", m);
  }

  private static JsonObject deviceJson(Server s, String device) throws Exception {
    Http http = new Http(s.port());
    return new JsonObject(http.send(http.admin("/api/v1/devices?station_id=" + STATION)).body())
        .getJsonArray("devices").stream()
            .map(JsonObject.class::cast)
            .filter(d -> d.getString("id").equals(device))
            .findFirst()
            .orElseThrow();
  }

  /** A condition read from the system under test. */
  private interface Check {
    boolean holds() throws Exception;
  }

  /** Polls {@code check} until it holds; fails naming {@code what} after 2 s. */
  private static void waitUntil(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 2 s: " + what);
      }
      Thread.sleep(20);
    }
  }
}
