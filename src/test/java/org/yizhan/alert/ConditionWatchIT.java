package org.yizhan.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.api.AlertJson;
import org.yizhan.condition.ThresholdOverrides;
import org.yizhan.condition.ThresholdSet;
import org.yizhan.db.Database;
import org.yizhan.device.Device;
import org.yizhan.device.DeviceKind;
import org.yizhan.live.Freshness;
import org.yizhan.live.LiveState;
import org.yizhan.quality.QualityRules;
import org.yizhan.quality.ReadingQuality;
import org.yizhan.station.StationSnapshot;
import org.yizhan.station.TestStations;
import org.yizhan.telemetry.Reading;
import org.yizhan.testing.TestDatabases;

/**
 * Station conditions and suspect sensors become alerts, with the server's own parts wired as the
 * server wires them (quality judge, live state, conditions, alert book on a real database), on a
 * simulated clock so 15 minutes of heat take no time.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConditionWatchIT {

  private static final Instant T0 = Instant.parse("2026-07-15T04:00:00Z"); // noon in Taiyuan
  private static final Duration CALM = Duration.ofMinutes(5);
  private static final String HOT = "st-hot";
  private static final String LIAR = "st-liar";

  /** The parts of a server that matter here, fed readings as the writer would. */
  private static final class Rig {
    final ReadingQuality quality = new ReadingQuality(QualityRules.DEFAULTS);
    final LiveState live = new LiveState();
    final AlertBook alerts;
    final ConditionWatch watch;
    final List<Device> devices =
        List.of(
            new Device("dev-hot", HOT, DeviceKind.COMBINED, 60, "1.0", T0, null),
            new Device("dev-liar", LIAR, DeviceKind.COMBINED, 60, "1.0", T0, null));
    long seq;

    Rig(Database db, ThresholdSet thresholds, Duration warmUp) throws Exception {
      alerts = new AlertBook(db.dataSource(), CALM);
      watch =
          new ConditionWatch(
              () ->
                  StationSnapshot.of(
                      List.of(
                          TestStations.station(HOT, 37.87, 112.55),
                          TestStations.station(LIAR, 37.88, 112.56))),
              () -> devices,
              live,
              new Freshness(id -> 60),
              quality,
              thresholds,
              alerts,
              warmUp);
    }

    /** One reading at {@code at}, judged, then folded into live state as after a commit. */
    void report(String device, String station, Instant at, int occupancy, double temp) {
      Reading r =
          new Reading(
              station,
              device,
              ++seq,
              at,
              occupancy,
              null,
              null,
              temp,
              50.0,
              90,
              -70,
              "1.0",
              at.plusMillis(300));
      live.apply(List.of(r.withFlags(quality.assess(r, 10, false))));
    }

    /** Both stations report every minute from {@code from} for {@code minutes}, sweeping after. */
    void run(Instant from, int minutes, double hotTemp, int liarOccupancy) {
      for (int m = 0; m < minutes; m++) {
        Instant at = from.plusSeconds(60L * m);
        report("dev-hot", HOT, at, 3, hotTemp);
        report("dev-liar", LIAR, at, liarOccupancy, 24.0);
        watch.sweep(at.plusSeconds(1));
      }
    }
  }

  @Test
  void heatOpensAnAlertAfterItsDurationAndCoolingResolvesItAfterTheCalm() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      Rig rig = new Rig(db, ThresholdSet.DEFAULTS, Duration.ZERO);
      rig.run(T0, 10, 33.0, 3);
      assertThat(open(rig.alerts)).as("10 minutes of 33 °C: not yet").isEmpty();
      rig.run(T0.plusSeconds(600), 8, 33.0, 3);
      JsonArray open = open(rig.alerts);
      assertThat(kinds(open)).containsExactly("too_hot");
      JsonObject hot = open.getJsonObject(0);
      assertThat(hot.getString("station_id")).isEqualTo(HOT);
      assertThat(hot.getString("severity")).isEqualTo("critical");
      assertThat(hot.getString("device_id")).isNull();
      // Opened at the first sweep after 15 minutes of heat, naming what showed it.
      assertThat(Instant.parse(hot.getString("opened_at"))).isEqualTo(T0.plusSeconds(15 * 60 + 1));
      assertThat(hot.getString("detail")).contains("33");

      // 29.5 °C is below 30 but inside the 1 °C deadband: still too hot, no new alert.
      rig.run(T0.plusSeconds(18 * 60), 10, 29.5, 3);
      assertThat(kinds(open(rig.alerts))).containsExactly("too_hot");
      // Cool: clear at once, resolved only after the calm period.
      rig.run(T0.plusSeconds(28 * 60), 3, 25.0, 3);
      assertThat(kinds(open(rig.alerts))).containsExactly("too_hot");
      rig.run(T0.plusSeconds(31 * 60), 4, 25.0, 3);
      assertThat(open(rig.alerts)).isEmpty();
      assertThat(AlertJson.list(rig.alerts.list("resolved", 10)).getJsonArray("alerts")).hasSize(1);
    }
  }

  @Test
  void aStationThresholdOverrideChangesWhenItIsTooHot() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      Rig rig = new Rig(db, ThresholdSet.DEFAULTS, Duration.ZERO);
      rig.watch.updateThresholds(
          s ->
              s.withOverrides(
                  HOT, new ThresholdOverrides(27.0, 5, null, null, null, null, null, null)));
      rig.run(T0, 7, 28.0, 3);
      assertThat(kinds(open(rig.alerts))).containsExactly("too_hot");
    }
  }

  @Test
  void aSensorCountingMorePeopleThanPlacesIsNeverLiveAndIsReportedWhenItKeepsLying()
      throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      Rig rig = new Rig(db, ThresholdSet.DEFAULTS, Duration.ZERO);
      rig.run(T0, 2, 24.0, 4);
      rig.run(T0.plusSeconds(120), 12, 24.0, 40); // 40 people in 10 places
      assertThat(rig.live.find(LIAR).orElseThrow().occupancy().value())
          .as("the last trusted value, never the flagged 40")
          .isEqualTo(4);
      JsonArray open = open(rig.alerts);
      assertThat(kinds(open)).containsExactly("sensor_suspect");
      assertThat(open.getJsonObject(0).getString("device_id")).isEqualTo("dev-liar");
      assertThat(open.getJsonObject(0).getString("detail")).contains("over_capacity");
      // Not overfull either: a lying count is no evidence of a crowd.
      rig.run(T0.plusSeconds(14 * 60), 2, 24.0, 5);
      rig.run(T0.plusSeconds(16 * 60), 6, 24.0, 5);
      assertThat(open(rig.alerts)).isEmpty();
      assertThat(rig.live.find(LIAR).orElseThrow().occupancy().value()).isEqualTo(5);
    }
  }

  @Test
  void anAlertLeftOpenByAPreviousRunResolvesOnceTheWarmUpIsOver() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      Rig before = new Rig(db, ThresholdSet.DEFAULTS, Duration.ZERO);
      before.run(T0, 17, 33.0, 3);
      assertThat(kinds(open(before.alerts))).containsExactly("too_hot");

      // The server restarts; meanwhile the AC was repaired.
      Rig after = new Rig(db, ThresholdSet.DEFAULTS, Duration.ofMinutes(20));
      after.run(T0.plusSeconds(3600), 19, 24.0, 3);
      assertThat(kinds(open(after.alerts))).as("during the warm-up").containsExactly("too_hot");
      after.run(T0.plusSeconds(3600 + 19 * 60), 7, 24.0, 3);
      assertThat(open(after.alerts)).isEmpty();
    }
  }

  private static JsonArray open(AlertBook book) throws Exception {
    return AlertJson.list(book.list("open", 10)).getJsonArray("alerts");
  }

  private static List<String> kinds(JsonArray alerts) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      out.add(alerts.getJsonObject(i).getString("kind"));
    }
    return out;
  }
}
