package org.yizhan.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
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
 * The built-in endpoint holds at most {@code mqtt.max.connections} devices (here 2): a further
 * device's CONNECT is refused "server unavailable" (MQTT 3.1.1, 0x03) or "server busy" (MQTT 5,
 * 0x89) and its socket closed, so devices cannot take the open files the HTTP API needs; a
 * connected device may still reconnect (its new connection replaces the old one), and room freed by
 * a leaving device is given to the next.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionCapIT {

  static final String STATION = "cap-st-1";
  private static Server server;
  private static Http http;
  private static final List<JsonObject> DEVICES = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty(), c -> c.withMqtt(c.mqtt().withMaxConnections(2)));
    http = new Http(server.port());
    http.createStation(STATION, "容量", 112.57, 37.89);
    for (int i = 0; i < 3; i++) {
      DEVICES.add(http.provisionDevice(STATION, 60));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static RawMqtt.Packet connect(RawMqtt c, JsonObject device) throws Exception {
    String id = device.getString("id");
    c.send(c.connect(id, id, device.getString("secret"), 60, true, null, null, null));
    return c.read(RawMqtt.CONNACK);
  }

  private static int port() {
    return server.config().mqtt().port();
  }

  @Test
  void aDeviceBeyondTheCapIsRefusedAsBusyAndTheApiStillAnswers() throws Exception {
    try (RawMqtt a = RawMqtt.open(port(), RawMqtt.V311);
        RawMqtt b = RawMqtt.open(port(), RawMqtt.V5)) {
      assertThat(connect(a, DEVICES.get(0)).connectCode()).isZero();
      assertThat(connect(b, DEVICES.get(1)).connectCode()).isZero();

      try (RawMqtt c = RawMqtt.open(port(), RawMqtt.V311)) {
        assertThat(connect(c, DEVICES.get(2)).connectCode())
            .as("3.1.1 server unavailable")
            .isEqualTo(3);
        assertThat(c.closedByServer()).isTrue();
      }
      try (RawMqtt c = RawMqtt.open(port(), RawMqtt.V5)) {
        assertThat(connect(c, DEVICES.get(2)).connectCode()).as("5 server busy").isEqualTo(0x89);
        assertThat(c.closedByServer()).isTrue();
      }
      assertThat(http.get("/api/v1/stations/" + STATION).statusCode()).isEqualTo(200);
      assertThat(http.get("/metrics").body())
          .contains("yizhan_devices_capacity 2.0")
          .containsPattern("yizhan_devices_refused_full_total [2-9]");

      // A connected device reconnecting takes no more room: its new connection replaces the old.
      try (RawMqtt again = RawMqtt.open(port(), RawMqtt.V311)) {
        assertThat(connect(again, DEVICES.get(0)).connectCode()).isZero();
        assertThat(a.closedByServer()).as("the replaced connection").isTrue();
      }
    }
    // Both gone: the third device gets in.
    waitUntilConnected(0);
    try (RawMqtt c = RawMqtt.open(port(), RawMqtt.V311)) {
      assertThat(connect(c, DEVICES.get(2)).connectCode()).isZero();
    }
  }

  private static void waitUntilConnected(int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (http.get("/metrics").body().contains("yizhan_devices_connected " + n + ".0")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("devices connected never fell to " + n);
  }
}
