package org.yizhan.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.YizhanConfig;
import org.yizhan.history.OccupancyProfile;
import org.yizhan.testing.Http;
import org.yizhan.testing.LiveStream;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Data-quality flags end to end: a real device over real MQTT reports more people than its station
 * has places. The reading is acknowledged and stored with its flag, shown in the raw history with
 * it, and named on the device for admins; but no field of it (not its occupancy, nor its perfectly
 * plausible temperature and humidity) reaches the station's live values, the live stream, the
 * history buckets or the hourly profile, nor the live values rebuilt after a restart.
 *
 * <p>The trusted and the flagged reading differ in every measurement, so each value seen tells
 * which reading it came from.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class QualityFlagsIT {

  private static final String STATION = "qf-st";
  private static final String BBOX = "112,37,113,38";

  /** The trusted reading. */
  private static final Values TRUSTED = new Values(4, 24.5, 40);

  /** Over the station's 10 places, and 36 more people in 30 s: flagged as a whole. */
  private static final Values FLAGGED = new Values(40, 31.5, 70);

  record Values(int occupancy, double temperatureC, int humidityPct) {
    String json() {
      return "\"occupancy\":"
          + occupancy
          + ",\"temperature_c\":"
          + temperatureC
          + ",\"humidity_pct\":"
          + humidityPct;
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aFlaggedReadingIsStoredButNoneOfItsValuesIsLiveStreamedOrAggregated() throws Exception {
    YizhanConfig config = config();
    try (Server server = Server.start(config);
        LiveStream stream = LiveStream.open(server.port(), BBOX)) {
      Http http = new Http(server.port());
      http.createStation(STATION, "质量驿站", 112.55, 37.87); // 10 places
      JsonObject dev = http.provisionDevice(STATION, 60);
      String id = dev.getString("id");

      Instant t1 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
      Instant t2 = t1.plusSeconds(30);
      // publish() with QoS 1 returns after the PUBACK, which comes after the commit.
      try (Device device = Device.connect(server, id, dev.getString("secret"))) {
        device.publish(1, t1, TRUSTED.json());
        assertThat(liveOf(stream.next(STATION)).getInteger("occupancy"))
            .as("the trusted reading is streamed")
            .isEqualTo(TRUSTED.occupancy());
        device.publish(2, t2, FLAGGED.json());
      }

      List<Integer> stored = storedFlags(server);
      assertThat(stored).hasSize(2);
      assertThat(stored.get(0)).isZero();
      assertThat(QualityFlag.fromMask(stored.get(1)))
          .containsExactlyInAnyOrder(QualityFlag.OVER_CAPACITY, QualityFlag.COUNTER_JUMP);

      JsonObject live = stationLive(http);
      assertOnlyTrusted(live);
      assertThat(live.getString("occupancy_at")).isEqualTo(t1.toString());
      assertThat(live.getString("temperature_c_at")).isEqualTo(t1.toString());
      assertThat(live.getString("humidity_pct_at")).isEqualTo(t1.toString());
      JsonObject nearby =
          new JsonObject(http.get("/api/v1/stations/nearby?lat=37.87&lon=112.55&limit=1").body())
              .getJsonArray("features")
              .getJsonObject(0)
              .getJsonObject("properties");
      assertThat(nearby.getString("id")).isEqualTo(STATION);
      assertOnlyTrusted(nearby.getJsonObject("live"));

      // A later humidity from a second device is streamed with the station's whole live state: by
      // then any update the flagged reading caused would have been streamed before it or with it.
      Instant t3 = t2.plusSeconds(15);
      JsonObject other = http.provisionDevice(STATION, 60);
      try (Device second =
          Device.connect(server, other.getString("id"), other.getString("secret"))) {
        second.publish(1, t3, "\"humidity_pct\":45");
      }
      JsonObject marker = stream.next(STATION);
      assertThat(liveOf(marker).getInteger("humidity_pct")).isEqualTo(45);
      assertThat(liveOf(marker).getInteger("occupancy")).isEqualTo(TRUSTED.occupancy());
      assertThat(liveOf(marker).getDouble("temperature_c")).isEqualTo(TRUSTED.temperatureC());
      for (JsonObject update : stream.seen()) {
        assertThat(update.getJsonObject("live").getValue("occupancy"))
            .as("streamed %s", update)
            .isNotEqualTo(FLAGGED.occupancy());
        assertThat(update.getJsonObject("live").getValue("occupancy_state"))
            .as("the flagged count is not even streamed as invalid: %s", update)
            .isEqualTo("current");
        assertThat(update.getJsonObject("live").getDouble("temperature_c"))
            .isEqualTo(TRUSTED.temperatureC());
        assertThat(update.getJsonObject("live").getValue("humidity_pct"))
            .isNotEqualTo(FLAGGED.humidityPct());
      }

      String range = "?from=" + t1.minusSeconds(1) + "&to=" + t3.plusSeconds(1);
      JsonArray raw =
          new JsonObject(http.get("/api/v1/stations/" + STATION + "/readings" + range).body())
              .getJsonArray("readings");
      assertThat(raw).hasSize(3);
      assertThat(raw.getJsonObject(0).getJsonArray("flags")).isEmpty();
      assertThat(raw.getJsonObject(1).getJsonArray("flags"))
          .containsExactlyInAnyOrder("over_capacity", "counter_jump");
      assertThat(raw.getJsonObject(1).getDouble("temperature_c"))
          .as("stored as sent, for admins")
          .isEqualTo(FLAGGED.temperatureC());
      assertThat(raw.getJsonObject(2).getJsonArray("flags")).isEmpty();
      assertBucketsOnlyTrusted(http, range + "&bucket=1d");
      assertBucketsOnlyTrusted(http, range + "&bucket=15m");
      assertProfileOnlyTrusted(http);

      JsonObject shown =
          new JsonObject(http.send(http.admin("/api/v1/devices?station_id=" + STATION)).body())
              .getJsonArray("devices").stream()
                  .map(JsonObject.class::cast)
                  .filter(d -> d.getString("id").equals(id))
                  .findFirst()
                  .orElseThrow();
      assertThat(shown.getJsonObject("quality_flags").fieldNames())
          .containsExactlyInAnyOrder("over_capacity", "counter_jump");
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void afterARestartTheLiveValuesAreRebuiltFromTrustedReadingsOnly() throws Exception {
    YizhanConfig config = config();
    Instant t1 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    Instant t2 = t1.plusSeconds(30);
    String id;
    try (Server server = Server.start(config)) {
      Http http = new Http(server.port());
      http.createStation(STATION, "质量驿站", 112.55, 37.87); // 10 places
      JsonObject dev = http.provisionDevice(STATION, 60);
      id = dev.getString("id");
      try (Device device = Device.connect(server, id, dev.getString("secret"))) {
        device.publish(1, t1, TRUSTED.json());
        device.publish(2, t2, FLAGGED.json());
      }
      assertThat(QualityFlag.fromMask(storedFlags(server).get(1)))
          .contains(QualityFlag.OVER_CAPACITY);
    }

    try (Server restarted = Server.start(config)) {
      Http http = new Http(restarted.port());
      JsonObject live = stationLive(http);
      assertOnlyTrusted(live);
      assertThat(live.getString("occupancy_state")).isEqualTo("current");
      assertThat(live.getInteger("free_seats")).isEqualTo(10 - TRUSTED.occupancy());
      assertThat(live.getString("temperature_c_at")).isEqualTo(t1.toString());
      // The flagged reading is still the device's newest sign of life.
      JsonObject device =
          new JsonObject(http.send(http.admin("/api/v1/devices?station_id=" + STATION)).body())
              .getJsonArray("devices")
              .getJsonObject(0);
      assertThat(device.getString("id")).isEqualTo(id);
      assertThat(device.getString("last_reading_at")).isEqualTo(t2.toString());
    }
  }

  private static YizhanConfig config() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    return TestServers.defaults()
        .withDatabase(db.url(), db.user(), db.password())
        .withHttpPort(TestServers.freePort());
  }

  private static JsonObject stationLive(Http http) throws Exception {
    return new JsonObject(http.get("/api/v1/stations/" + STATION).body())
        .getJsonObject("properties")
        .getJsonObject("live");
  }

  private static JsonObject liveOf(JsonObject update) {
    return update.getJsonObject("live");
  }

  /** Every live measurement is the trusted reading's, current, none of the flagged one's. */
  private static void assertOnlyTrusted(JsonObject live) {
    assertThat(live).as("live values").isNotNull();
    assertThat(live.getValue("occupancy")).as(live.encode()).isEqualTo(TRUSTED.occupancy());
    assertThat(live.getString("occupancy_state")).as(live.encode()).isEqualTo("current");
    assertThat(live.getDouble("temperature_c")).as(live.encode()).isEqualTo(TRUSTED.temperatureC());
    assertThat(live.getValue("humidity_pct")).as(live.encode()).isEqualTo(TRUSTED.humidityPct());
    assertThat(live.fieldNames()).noneMatch(f -> f.endsWith("_last_known"));
  }

  private static void assertBucketsOnlyTrusted(Http http, String query) throws Exception {
    JsonArray buckets =
        new JsonObject(http.get("/api/v1/stations/" + STATION + "/readings" + query).body())
            .getJsonArray("buckets");
    assertThat(buckets).as(query).isNotEmpty();
    long readings = 0;
    for (int i = 0; i < buckets.size(); i++) {
      JsonObject b = buckets.getJsonObject(i);
      readings += b.getLong("readings");
      for (String f : List.of("occupancy_avg", "occupancy_max")) {
        assertNullOr(b, f, TRUSTED.occupancy());
      }
      for (String f : List.of("temperature_c_avg", "temperature_c_min", "temperature_c_max")) {
        assertNullOr(b, f, TRUSTED.temperatureC());
      }
      Object humidity = b.getValue("humidity_pct_avg");
      if (humidity != null) {
        assertThat(((Number) humidity).doubleValue())
            .as("humidity of the trusted readings only, in " + b)
            .isBetween(40.0, 45.0);
      }
    }
    assertThat(readings).as("the two trusted readings, " + query).isEqualTo(2);
  }

  private static void assertNullOr(JsonObject bucket, String field, double expected) {
    Object v = bucket.getValue(field);
    if (v != null) {
      assertThat(((Number) v).doubleValue()).as(field + " in " + bucket).isEqualTo(expected);
    }
  }

  /** Today's hourly means hold only the trusted count (unless the readings fell on yesterday). */
  private static void assertProfileOnlyTrusted(Http http) throws Exception {
    JsonObject profile =
        new JsonObject(http.get("/api/v1/stations/" + STATION + "/occupancy-profile").body());
    JsonArray hours = profile.getJsonArray("hours");
    assertThat(hours).hasSize(24);
    int known = 0;
    for (int h = 0; h < 24; h++) {
      Object today = hours.getJsonObject(h).getValue("today");
      if (today != null) {
        known++;
        assertThat(((Number) today).doubleValue()).as("hour " + h).isEqualTo(4.0);
      }
    }
    LocalDate readingDay = OccupancyProfile.today(Instant.now().minusSeconds(60));
    if (readingDay.equals(OccupancyProfile.today(Instant.now()))) {
      assertThat(known).as("the trusted reading's hour").isPositive();
    }
  }

  private static List<Integer> storedFlags(Server server) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (Connection c = server.database().dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT coalesce(flags, 0) FROM reading WHERE station_id = '"
                    + STATION
                    + "' ORDER BY time")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  /** A device of the station over real MQTT 3.1.1. */
  private record Device(MqttClient client, String id) implements AutoCloseable {

    static Device connect(Server server, String id, String secret) throws Exception {
      MqttClient c =
          new MqttClient(
              "tcp://127.0.0.1:" + server.config().mqtt().port(), id, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setUserName(id);
      o.setPassword(secret.toCharArray());
      c.connect(o);
      return new Device(c, id);
    }

    /** Returns after the PUBACK, which the server sends after the commit. */
    void publish(long seq, Instant ts, String fields) throws Exception {
      MqttMessage m =
          new MqttMessage(
              ("{\"seq\":" + seq + ",\"ts\":\"" + ts + "\"," + fields + "}")
                  .getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      client.publish("yz/v1/st/" + STATION + "/dev/" + id + "/telemetry", m);
    }

    @Override
    public void close() throws Exception {
      client.disconnect();
      client.close();
    }
  }
}
