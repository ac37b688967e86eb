package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.NetTransport;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The server on Linux io_uring ({@code net.transport=io_uring}): a device's QoS 1 readings over
 * real MQTT are stored before their PUBACK, and HTTP answers, exactly as on epoll.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class IoUringIngestIT {

  @Test
  void devicesAndBrowsersAreServedOverIoUring() throws Exception {
    assumeTrue(
        Transport.IO_URING.available(),
        () ->
            "io_uring is not usable on this machine (kernel or sysctl kernel.io_uring_disabled): "
                + Transport.IO_URING.unavailabilityCause());
    Server server =
        TestServers.start(Optional.empty(), c -> c.withNetTransport(NetTransport.IO_URING));
    try {
      assertThat(server.netTransport()).isEqualTo("io_uring");
      Http http = new Http(server.port());
      http.createStation("ur-st-1", "io_uring", 112.55, 37.87);
      JsonObject d = http.provisionDevice("ur-st-1", 60);
      String id = d.getString("id");
      MqttClient c =
          new MqttClient(
              "tcp://127.0.0.1:" + server.config().mqtt().port(), id, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setUserName(id);
      o.setPassword(d.getString("secret").toCharArray());
      o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      c.connect(o);
      try {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        for (int seq = 1; seq <= 50; seq++) {
          String json =
              "{\"seq\":" + seq + ",\"ts\":\"" + t0.plusSeconds(seq) + "\",\"occupancy\":3}";
          MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
          m.setQos(1);
          c.publish("yz/v1/st/ur-st-1/dev/" + id + "/telemetry", m); // returns after PUBACK
          assertThat(rows(server, id)).isEqualTo(seq);
        }
      } finally {
        c.disconnect();
      }
      JsonObject live =
          new JsonObject(http.get("/api/v1/stations/ur-st-1").body())
              .getJsonObject("properties")
              .getJsonObject("live");
      assertThat(live.getInteger("occupancy")).isEqualTo(3);
    } finally {
      server.close();
    }
  }

  private static long rows(Server server, String deviceId) throws Exception {
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM reading WHERE device_id = ?")) {
      ps.setString(1, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
