package org.yizhan.station;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
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
import java.util.List;
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
 * Station changes seen by every instance (docs/ingest.md "Broker mode"): two broker-mode instances
 * on one database behind a real Mosquitto; a station created, edited, closed or imported through A
 * shows so in B's station endpoint and nearby answer within about a second, B refuses the readings
 * of a closed station's device as A does, and a change made while B was not listening counts once
 * it listens again. Every wait has a deadline.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StationChangesIT {

  private static final String STATION = "shr-st";
  private static final String NEAR = "lat=37.87&lon=112.55&limit=5";

  @Test
  void verifiesThatAStationCreatedEditedAndClosedThroughOneInstanceShowsSoOnAnother()
      throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start();
        Server a = instance(db, broker, "yizhan-a");
        Server b = instance(db, broker, "yizhan-b")) {
      Http ha = new Http(a.port());
      Http hb = new Http(b.port());
      waitUntil("B listens", () -> listeners(a) == 2, 20);

      long createdAt = System.nanoTime();
      ha.createStation(STATION, "共享", 112.55, 37.87);
      waitUntil("B shows the new station", () -> hb.get(path()).statusCode() == 200, 5);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdAt);
      LoggerFactory.getLogger(StationChangesIT.class)
          .info("B showed the station {} ms after A created it", tookMs);
      assertThat(tookMs).as("B heard of it within about a second").isLessThan(1_500);
      assertThat(nearbyIds(hb)).contains(STATION);

      JsonObject feature = new JsonObject(ha.get(path()).body());
      feature.put(
          "properties",
          new JsonObject()
              .put("name_zh", "共享改名")
              .put("kind", "urban_rest_station")
              .put("capacity", 10)
              .put("opening_hours", "24/7"));
      HttpResponse<String> put =
          ha.send(
              ha.admin(path())
                  .header("Content-Type", "application/geo+json")
                  .header("If-Match", "\"1\"")
                  .PUT(HttpRequest.BodyPublishers.ofString(feature.encode())));
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      waitUntil("B shows the new name", () -> property(hb, "name_zh").equals("共享改名"), 2);

      String device = ha.provisionDevice(STATION, 60).getString("id");
      waitUntil("B knows the device", () -> b.devices().find(device).isPresent(), 5);
      HttpResponse<String> closed = ha.send(ha.admin(path()).DELETE());
      assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
      waitUntil("B shows the station closed", () -> property(hb, "status").equals("closed"), 2);
      assertThat(nearbyIds(hb)).doesNotContain(STATION);

      // The broker hands the messages to A and B in turn: both must refuse them all.
      MqttClient sensor = new MqttClient(broker.url(), device, new MemoryPersistence());
      sensor.connect();
      for (int seq = 1; seq <= 6; seq++) {
        publish(sensor, device, seq);
      }
      waitUntil(
          "A and B refuse the closed station's six readings",
          () -> refused(a) + refused(b) == 6,
          20);
      assertThat(List.of(refused(a), refused(b))).as("each took some").allMatch(n -> n > 0);
      assertThat(count(a, "SELECT count(*) FROM reading")).isZero();
      sensor.disconnect();
    }
  }

  @Test
  void verifiesThatAStationImportThroughOneInstanceShowsOnAnother() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start();
        Server a = instance(db, broker, "yizhan-a");
        Server b = instance(db, broker, "yizhan-b")) {
      Http ha = new Http(a.port());
      Http hb = new Http(b.port());
      waitUntil("B listens", () -> listeners(a) == 2, 20);
      String csv =
          "id,name_zh,kind,lat,lon,capacity,amenities,opening_hours\n"
              + "shr-i1,一,urban_rest_station,37.871,112.551,5,drinking_water,24/7\n"
              + "shr-i2,二,urban_rest_station,37.872,112.552,5,,24/7\n"
              + "shr-i3,三,urban_rest_station,37.873,112.553,5,,24/7\n";
      HttpResponse<String> r =
          ha.send(
              ha.admin("/api/v1/stations/import")
                  .header("Content-Type", "text/csv")
                  .POST(HttpRequest.BodyPublishers.ofString(csv)));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      waitUntil(
          "B's nearby answer has the three imported stations",
          () -> nearbyIds(hb).containsAll(List.of("shr-i1", "shr-i2", "shr-i3")),
          2);
      assertThat(hb.get("/api/v1/stations/shr-i2").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void verifiesThatAStationChangeMadeWhileNotListeningCountsAfterListeningAgain() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start();
        Server a = instance(db, broker, "yizhan-a");
        Server b = instance(db, broker, "yizhan-b")) {
      Http hb = new Http(b.port());
      waitUntil("both listen", () -> listeners(a) == 2, 20);

      // B started last: its listening connection is the newer one.
      count(
          a,
          "SELECT count(pg_terminate_backend(pid)) FROM (SELECT pid FROM "
              + LISTENING
              + " ORDER BY backend_start DESC LIMIT 1) b");
      new Http(a.port()).createStation(STATION, "错过", 112.55, 37.87);

      waitUntil("both listen again", () -> listeners(a) == 2, 20);
      waitUntil("B shows the station", () -> hb.get(path()).statusCode() == 200, 20);
      assertThat(nearbyIds(hb)).contains(STATION);
    }
  }

  private static final String LISTENING =
      "pg_stat_activity WHERE query = 'LISTEN yizhan_stations' AND pid <> pg_backend_pid()";

  private static long listeners(Server s) throws Exception {
    return count(s, "SELECT count(*) FROM " + LISTENING);
  }

  /** An instance in broker mode, with its own HTTP port and data directory. */
  private static Server instance(TestDatabases.Db db, Mosquitto broker, String clientId)
      throws Exception {
    YizhanConfig c =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort())
            .withDataDir(Files.createTempDirectory(clientId));
    return Server.start(c.withMqtt(c.mqtt().withBroker(broker.url(), "yizhan", clientId)));
  }

  private static String path() {
    return "/api/v1/stations/" + STATION;
  }

  private static String property(Http http, String name) throws Exception {
    HttpResponse<String> r = http.get(path());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonObject("properties").getString(name);
  }

  private static List<String> nearbyIds(Http http) throws Exception {
    HttpResponse<String> r = http.get("/api/v1/stations/nearby?" + NEAR);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray features = new JsonObject(r.body()).getJsonArray("features");
    return features.stream()
        .map(f -> ((JsonObject) f).getJsonObject("properties").getString("id"))
        .toList();
  }

  private static long refused(Server s) {
    return s.rejections().count(RejectReason.NOT_AUTHORIZED);
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
