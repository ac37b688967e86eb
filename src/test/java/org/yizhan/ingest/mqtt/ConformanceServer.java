package org.yizhan.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.yizhan.Server;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * A server with one station for a conformance test class, and what its tests need around it:
 * provisioned devices, contract-shaped payloads, config changes and the admin view of a device.
 */
final class ConformanceServer implements AutoCloseable {

  private static final AtomicLong SEQ = new AtomicLong(1);

  final String station;
  final Server server;
  final Http http;

  /** A provisioned device. */
  record Device(String station, String id, String secret) {
    String topic(String kind) {
      return "yz/v1/st/" + station + "/dev/" + id + "/" + kind;
    }
  }

  ConformanceServer(String station) throws Exception {
    this.station = station;
    this.server = TestServers.start(Optional.empty());
    this.http = new Http(server.port());
    http.createStation(station, "一致性", 112.55, 37.87);
  }

  Device provision() throws Exception {
    JsonObject d = http.provisionDevice(station, 60);
    return new Device(station, d.getString("id"), d.getString("secret"));
  }

  RawMqtt open(int version) throws IOException {
    return RawMqtt.open(server.config().mqtt().port(), version);
  }

  /** A CONNECT as the contract recommends: client id = device id, keep alive 60, clean start. */
  static RawMqtt.Connect connectAs(Device d) {
    return new RawMqtt.Connect().as(d.id(), d.id(), d.secret());
  }

  /** Sends the CONNECT and returns the CONNACK. */
  static RawMqtt.Packet connect(RawMqtt c, RawMqtt.Connect connect) throws IOException {
    c.send(c.connect(connect));
    return c.read(RawMqtt.CONNACK);
  }

  /**
   * Changes the device's configuration through the admin API and returns how it was delivered
   * ({@code pushed} when the device's connection was subscribed).
   */
  String changeConfig(Device d, int intervalS) throws Exception {
    var r =
        http.send(
            http.admin("/api/v1/devices/" + d.id() + "/config")
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("interval_s", intervalS)
                            .put("occupancy_report", "periodic")
                            .encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("delivery");
  }

  /** Readings of the device in the database. */
  long storedReadings(String deviceId) throws Exception {
    try (var c = server.database().dataSource().getConnection();
        var st = c.prepareStatement("SELECT count(*) FROM reading WHERE device_id = ?")) {
      st.setString(1, deviceId);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  long rejections(RejectReason r) {
    return server.rejections().count(r);
  }

  static byte[] reading() {
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    return ("{\"seq\":" + SEQ.getAndIncrement() + ",\"ts\":\"" + ts + "\",\"occupancy\":3}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] birth() {
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    return ("{\"state\":\"online\",\"ts\":\"" + ts + "\",\"fw\":\"1.0.0\",\"interval_s\":60}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The device as the admin API shows it. */
  JsonObject device(String id) throws Exception {
    var r = http.send(http.admin("/api/v1/devices?station_id=" + station));
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body())
        .getJsonArray("devices").stream()
            .map(JsonObject.class::cast)
            .filter(o -> o.getString("id").equals(id))
            .findFirst()
            .orElseThrow();
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
