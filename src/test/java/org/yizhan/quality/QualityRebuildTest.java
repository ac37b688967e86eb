package org.yizhan.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.Reading;

/**
 * The pure parts of the rebuild: how far back it reads, the order it replays a device's readings
 * in, and how a stored row becomes the reading the judge saw. The query itself is proven by {@code
 * QualityStateRestartIT}.
 */
class QualityRebuildTest {

  private static final Instant T0 = Instant.parse("2026-07-15T00:00:00Z");

  private static QualityRules rules(Duration climate, Duration occupancy, Duration clockWindow) {
    QualityRules d = QualityRules.DEFAULTS;
    return new QualityRules(
        d.minTemperatureC(),
        d.maxTemperatureC(),
        d.minHumidityPct(),
        d.maxHumidityPct(),
        d.maxClockLag(),
        d.maxClockLead(),
        clockWindow,
        d.maxDoorRatePerMin(),
        d.doorBurst(),
        climate,
        d.stuckClimateReadings(),
        occupancy,
        d.stuckOccupancyReadings());
  }

  @Test
  void theWindowIsTheLongestStuckRunPlusTwoClockWindows() {
    assertThat(QualityRebuild.window(QualityRules.DEFAULTS))
        .as("occupancy's 4 h + 2 x 30 min")
        .isEqualTo(Duration.ofHours(5));
    assertThat(
            QualityRebuild.window(
                rules(Duration.ofHours(6), Duration.ofHours(2), Duration.ofMinutes(10))))
        .as("climate's 6 h + 2 x 10 min")
        .isEqualTo(Duration.ofHours(6).plusMinutes(20));
  }

  @Test
  void aDevicesReadingsAreReplayedOldestFirstAndTheListIsEmptied() {
    Reading newest = row(3, "21.5");
    Reading middle = row(2, "21.4");
    Reading oldest = row(1, "21.3");
    List<Reading> newestFirst = new ArrayList<>(List.of(newest, middle, oldest));
    List<Reading> replayed = new ArrayList<>();

    assertThat(QualityRebuild.oldestFirst(newestFirst, replayed::add)).isEqualTo(3);

    assertThat(replayed).containsExactly(oldest, middle, newest);
    assertThat(newestFirst).as("ready for the next device").isEmpty();
    assertThat(QualityRebuild.oldestFirst(newestFirst, replayed::add)).isZero();
  }

  @Test
  void aStoredRowBecomesTheReadingTheJudgeSaw() throws Exception {
    Map<String, Object> row = new HashMap<>();
    row.put("station_id", "st-1");
    row.put("device_id", "dev-1");
    row.put("seq", 42L);
    row.put("time", Timestamp.from(T0));
    row.put("occupancy", 4);
    row.put("entries", 5_000L);
    row.put("exits", 4_996L);
    row.put("temperature_c", 21.3f);
    row.put("humidity_pct", null);
    row.put("received_at", Timestamp.from(T0.plusSeconds(1)));
    row.put("flags", QualityFlag.STUCK.bit());

    Reading r = QualityRebuild.reading(resultSet(row));

    assertThat(r)
        .isEqualTo(
            new Reading(
                "st-1",
                "dev-1",
                42,
                T0,
                4,
                5_000L,
                4_996L,
                21.3,
                null,
                null,
                null,
                null,
                T0.plusSeconds(1),
                false,
                QualityFlag.STUCK.bit()));
  }

  @Test
  void aRealColumnIsReadAsTheDecimalItWasNotAsTheWidenedFloat() throws Exception {
    Map<String, Object> row = new HashMap<>();
    row.put("t", 21.3f);
    row.put("none", null);
    ResultSet rs = resultSet(row);

    assertThat((double) 21.3f).as("what a plain widening gives").isNotEqualTo(21.3);
    assertThat(QualityRebuild.number(rs, "t")).isEqualTo(21.3);
    assertThat(QualityRebuild.number(rs, "none")).isNull();
  }

  private static Reading row(long seq, String temperature) {
    return new Reading(
        "st-1",
        "dev-1",
        seq,
        T0.plusSeconds(60 * seq),
        null,
        null,
        null,
        Double.valueOf(temperature),
        null,
        null,
        null,
        null,
        T0.plusSeconds(60 * seq + 1));
  }

  /** The current row of a result set: its getters by column name, as PgJDBC answers them. */
  private static ResultSet resultSet(Map<String, Object> row) {
    return (ResultSet)
        Proxy.newProxyInstance(
            QualityRebuildTest.class.getClassLoader(),
            new Class<?>[] {ResultSet.class},
            (proxy, method, args) -> {
              Object v = row.get((String) args[0]);
              switch (method.getName()) {
                case "getString":
                case "getTimestamp":
                  return v;
                case "getLong":
                  return v == null ? 0L : ((Number) v).longValue();
                case "getInt":
                  return v == null ? 0 : ((Number) v).intValue();
                case "getObject":
                  return ((Class<?>) args[1]).cast(v);
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }
}
