package org.yizhan.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.api.AlertJson;
import org.yizhan.condition.ThresholdSet;
import org.yizhan.db.Database;
import org.yizhan.device.Device;
import org.yizhan.device.DeviceKind;
import org.yizhan.live.Freshness;
import org.yizhan.live.LiveState;
import org.yizhan.quality.QualityRules;
import org.yizhan.quality.ReadingQuality;
import org.yizhan.station.Amenity;
import org.yizhan.station.StationSnapshot;
import org.yizhan.station.StationStatus;
import org.yizhan.station.TestStations;
import org.yizhan.telemetry.Reading;
import org.yizhan.testing.TestDatabases;

/**
 * The condition sweep judges only active stations with an enabled device, from current values: the
 * same heat at a temporarily closed station, at a station whose only device is disabled, or from a
 * value gone stale raises nothing, while it does at an ordinary station. Real alert book on a real
 * database, simulated clock.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConditionScopeIT {

  private static final Instant T0 = Instant.parse("2026-07-15T04:00:00Z"); // noon in Taiyuan

  @Test
  void onlyActiveStationsWithAnEnabledDeviceAndCurrentValuesRaiseConditions() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      ReadingQuality quality = new ReadingQuality(QualityRules.DEFAULTS);
      LiveState live = new LiveState();
      AlertBook alerts = new AlertBook(db.dataSource(), Duration.ofMinutes(5));
      List<Device> devices =
          List.of(
              new Device("dev-hot", "st-hot", DeviceKind.COMBINED, 60, "1.0", T0, null),
              new Device("dev-paused", "st-paused", DeviceKind.COMBINED, 60, "1.0", T0, null),
              new Device("dev-off", "st-off", DeviceKind.COMBINED, 60, "1.0", T0, T0),
              new Device("dev-quiet", "st-quiet", DeviceKind.COMBINED, 60, "1.0", T0, null));
      ConditionWatch watch =
          new ConditionWatch(
              () ->
                  StationSnapshot.of(
                      List.of(
                          TestStations.station("st-hot", 37.87, 112.55),
                          TestStations.station(
                              "st-paused",
                              37.88,
                              112.56,
                              EnumSet.noneOf(Amenity.class),
                              "24/7",
                              StationStatus.TEMPORARILY_CLOSED),
                          TestStations.station("st-off", 37.89, 112.57),
                          TestStations.station("st-quiet", 37.90, 112.58))),
              () -> devices,
              live,
              new Freshness(id -> 60),
              quality,
              ThresholdSet.DEFAULTS,
              alerts,
              Duration.ZERO);
      long seq = 0;
      // st-quiet's device reports 33 °C once, then falls silent: its value turns stale.
      report(live, quality, "dev-quiet", "st-quiet", ++seq, T0);
      for (int m = 0; m < 20; m++) {
        Instant at = T0.plusSeconds(60L * m);
        report(live, quality, "dev-hot", "st-hot", ++seq, at);
        report(live, quality, "dev-paused", "st-paused", ++seq, at);
        report(live, quality, "dev-off", "st-off", ++seq, at);
        watch.sweep(at.plusSeconds(1));
      }
      JsonArray open = AlertJson.list(alerts.list("open", 10)).getJsonArray("alerts");
      List<String> raised = new ArrayList<>();
      for (int i = 0; i < open.size(); i++) {
        JsonObject a = open.getJsonObject(i);
        raised.add(a.getString("kind") + "@" + a.getString("station_id"));
      }
      assertThat(raised).containsExactly("too_hot@st-hot");
    }
  }

  private static void report(
      LiveState live, ReadingQuality quality, String device, String station, long seq, Instant at) {
    Reading r =
        new Reading(
            station,
            device,
            seq,
            at,
            3,
            null,
            null,
            33.0,
            50.0,
            90,
            -70,
            "1.0",
            at.plusMillis(300));
    live.apply(List.of(r.withFlags(quality.assess(r, 10, false))));
  }
}
