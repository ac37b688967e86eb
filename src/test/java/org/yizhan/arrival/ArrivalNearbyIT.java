package org.yizhan.arrival;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.DayPartitions;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;
import org.yizhan.testing.Timescale;

/**
 * Verifies that the nearby answer predicts free seats on arrival for a station with four weeks of
 * stored readings, read back through the hourly rollup, and says "insufficient history" for a
 * station with five days of them.
 */
@Tag(Timescale.TAG)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ArrivalNearbyIT {

  @Test
  void nearbyCarriesAPredictionOnlyWhereFourWeeksOfHistoryAreStored() throws Exception {
    try (Server server = TestServers.start(Optional.empty())) {
      Http http = new Http(server.port());
      http.createStation("st-known", "有历史驿站", 112.5, 37.8);
      http.createStation("st-new", "新驿站", 112.501, 37.8);
      DataSource ds = server.database().dataSource();
      Instant now = Instant.now();
      Instant from = now.minus(Duration.ofDays(29));
      DayPartitions.cover(ds, from, now);
      insert(ds, "st-known", from, now, 3); // typically 3 of 10 seats taken: 7 free
      insert(ds, "st-new", now.minus(Duration.ofDays(5)), now, 3);
      materialize(ds);
      server.arrival().refresh();

      HttpResponse<String> r = http.get("/api/v1/stations/nearby?lat=37.8&lon=112.5&limit=2");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonArray features = new JsonObject(r.body()).getJsonArray("features");
      JsonObject known = properties(features, "st-known").getJsonObject("arrival");
      assertThat(known.getString("status")).isEqualTo("predicted");
      assertThat(known.getInteger("free_seats")).isEqualTo(7);
      assertThat(known.getInteger("free_seats_low")).isBetween(0, 7);
      assertThat(known.getInteger("free_seats_high")).isBetween(7, 10);
      assertThat(known.getInteger("history_weeks")).isEqualTo(4);
      assertThat(known.getString("confidence")).isEqualTo("high");
      assertThat(known.getBoolean("uses_live")).isFalse();
      int walk = properties(features, "st-known").getInteger("walking_time_min");
      assertThat(known.getInteger("walking_time_min")).isEqualTo(walk);
      Instant arrival = Instant.parse(known.getString("time"));
      assertThat(arrival)
          .isBetween(
              now.plus(Duration.ofMinutes(walk)), Instant.now().plus(Duration.ofMinutes(walk)));

      JsonObject fresh = properties(features, "st-new").getJsonObject("arrival");
      assertThat(fresh.getString("status")).isEqualTo("insufficient_history");
      assertThat(fresh.getInteger("history_weeks")).isLessThanOrEqualTo(1);
      assertThat(fresh.containsKey("free_seats")).isFalse();
    }
  }

  private static JsonObject properties(JsonArray features, String id) {
    for (int i = 0; i < features.size(); i++) {
      JsonObject f = features.getJsonObject(i);
      if (id.equals(f.getString("id"))) {
        return f.getJsonObject("properties");
      }
    }
    throw new AssertionError(id + " not in the nearby answer: " + features.encode());
  }

  /** A reading every 15 minutes of {@code [from, to)}. */
  private static void insert(DataSource ds, String station, Instant from, Instant to, int occupancy)
      throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO reading (time, station_id, device_id, seq, occupancy, temperature_c,"
                    + " received_at) VALUES (?, ?, ?, ?, ?, 24, now())")) {
      for (Instant at = from; at.isBefore(to); at = at.plusSeconds(900)) {
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setString(2, station);
        ps.setString(3, "dev-" + station);
        ps.setLong(4, at.toEpochMilli());
        ps.setInt(5, occupancy);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** On TimescaleDB, the hourly aggregate's hours as of now (plain PostgreSQL folds on reading). */
  private static void materialize(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")) {
      rs.next();
      if (rs.getInt(1) == 1) {
        st.execute(
            "CALL refresh_continuous_aggregate('"
                + org.yizhan.storage.Rollup.H1.aggregate()
                + "', NULL, NULL)");
      }
    }
  }
}
