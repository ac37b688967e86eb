package org.yizhan.arrival;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.StoredHistory;
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
      // typically 3 of 10 seats taken: 7 free
      StoredHistory.readings(ds, "st-new", now.minus(Duration.ofDays(5)), now, 3);
      StoredHistory.readings(ds, "st-known", from, now, 3);
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
              now.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(walk)),
              Instant.now().plus(Duration.ofMinutes(walk)));

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
}
