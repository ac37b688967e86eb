package org.yizhan.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What workers are shown: current values with their age, stale ones as last known, bad ones not.
 */
class LiveJsonTest {

  private static final Instant NOW = Instant.parse("2026-07-01T04:00:00Z");
  private final LiveJson json = new LiveJson(new Freshness(device -> 60));

  private JsonObject render(Integer occupancy, long ageS, int capacity) {
    return render(occupancy, Duration.ofSeconds(ageS), capacity);
  }

  private JsonObject render(Integer occupancy, Duration age, int capacity) {
    Instant t = NOW.minus(age);
    StationLive live =
        new StationLive(
            "st",
            occupancy == null ? null : new Measured<>(occupancy, "dev", t, t),
            new Measured<>(24.5, "dev", t, t),
            null);
    StringBuilder sb = new StringBuilder("{");
    json.appendLive(sb, live, capacity, NOW);
    return new JsonObject(sb.append('}').toString()).getJsonObject("live");
  }

  @Test
  void aCurrentCountShowsFreeSeatsWithItsAge() {
    JsonObject live = render(4, 30, 10);
    assertThat(live.getInteger("occupancy")).isEqualTo(4);
    assertThat(live.getInteger("free_seats")).isEqualTo(6);
    assertThat(live.getString("occupancy_state")).isEqualTo("current");
    assertThat(live.getLong("occupancy_age_s")).isEqualTo(30);
    assertThat(live.getLong("occupancy_stale_after_s")).as("three 60 s intervals").isEqualTo(180);
  }

  @Test
  void aFullRoomIsStillValid() {
    JsonObject live = render(10, 30, 10);
    assertThat(live.getInteger("free_seats")).isZero();
    assertThat(live.getString("occupancy_state")).isEqualTo("current");
  }

  @Test
  void aStaleCountIsOnlyLastKnownAndHasNoFreeSeats() {
    JsonObject live = render(4, 181, 10); // 3 intervals of 60 s and a second
    assertThat(live.getValue("occupancy")).isNull();
    assertThat(live.getInteger("occupancy_last_known")).isEqualTo(4);
    assertThat(live.getString("occupancy_state")).isEqualTo("stale");
    assertThat(live.getValue("free_seats")).isNull();
  }

  @Test
  void moreThanCapacityIsInvalidAndItsValueIsNotShown() {
    JsonObject live = render(35, 10, 20);
    assertThat(live.getString("occupancy_state")).isEqualTo("invalid");
    assertThat(live.getString("occupancy_problem")).isEqualTo("above_capacity");
    assertThat(live.getValue("occupancy")).isNull();
    assertThat(live.encode()).doesNotContain("35");
    assertThat(live.getValue("free_seats")).isNull();
    // The temperature of the same station is unaffected.
    assertThat(live.getDouble("temperature_c")).isEqualTo(24.5);
  }

  /** Three 60 s intervals: the last instant a value is still current. */
  private static final Duration LIMIT = Duration.ofSeconds(180);

  @Test
  void aValueExactlyThreeIntervalsOldIsStillCurrent() {
    JsonObject live = render(4, LIMIT, 10);
    assertThat(live.getString("occupancy_state")).isEqualTo("current");
    assertThat(live.getInteger("occupancy")).isEqualTo(4);
    assertThat(live.getInteger("free_seats")).isEqualTo(6);
    assertThat(live.getString("temperature_c_state")).isEqualTo("current");
    assertThat(live.getLong("occupancy_age_s")).isEqualTo(180);
  }

  @Test
  void aValueANanosecondYoungerThanThreeIntervalsIsCurrent() {
    JsonObject live = render(4, LIMIT.minusNanos(1), 10);
    assertThat(live.getString("occupancy_state")).isEqualTo("current");
    assertThat(live.getString("temperature_c_state")).isEqualTo("current");
  }

  @Test
  void aValueANanosecondOlderThanThreeIntervalsIsStaleThoughItsWholeSecondAgeIsStill180() {
    JsonObject live = render(4, LIMIT.plusNanos(1), 10);
    assertThat(live.getString("occupancy_state")).isEqualTo("stale");
    assertThat(live.getValue("occupancy")).isNull();
    assertThat(live.getInteger("occupancy_last_known")).isEqualTo(4);
    assertThat(live.getValue("free_seats")).isNull();
    assertThat(live.getString("temperature_c_state")).isEqualTo("stale");
    assertThat(live.getValue("temperature_c")).isNull();
    assertThat(live.getDouble("temperature_c_last_known")).isEqualTo(24.5);
    assertThat(live.getLong("occupancy_age_s")).isEqualTo(180);
  }
}
