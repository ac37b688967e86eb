package org.yizhan.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.api.AlertJson;
import org.yizhan.db.Database;
import org.yizhan.device.DeviceHealth.State;
import org.yizhan.device.FleetWatch;
import org.yizhan.testing.TestDatabases;

/**
 * After a restart the device alerts are reconciled once, 3 minutes after the first sweep, on a real
 * alert book and database: the open alert of a device disabled meanwhile resolves and a device that
 * died meanwhile gets its alert, neither earlier nor twice.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StartupReconciliationIT {

  private static final Instant T0 = Instant.parse("2026-07-01T04:00:00Z");

  @Test
  void threeMinutesInTheAlertOfADisabledDeviceResolvesAndADeadDeviceGetsOne() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      AlertBook before = new AlertBook(db.dataSource(), Duration.ofMinutes(5));
      before.onSweep(
          List.of(new FleetWatch.Change("dev-off", "st-r", State.ONLINE, State.OFFLINE, T0)), T0);
      assertThat(openDevices(before)).containsExactly("dev-off");

      // Restarted an hour later: dev-off was disabled meanwhile, dev-dead died.
      AlertBook after = new AlertBook(db.dataSource(), Duration.ofMinutes(5));
      AtomicReference<List<FleetWatch.DeviceState>> states =
          new AtomicReference<>(
              List.of(
                  new FleetWatch.DeviceState("dev-off", "st-r", State.DISABLED),
                  new FleetWatch.DeviceState("dev-dead", "st-r", State.OFFLINE)));
      StartupReconciliation r = new StartupReconciliation(after, states::get);
      Instant start = T0.plusSeconds(3600);
      assertThat(StartupReconciliation.DELAY).isEqualTo(Duration.ofMinutes(3));

      for (long s = 0; s < 180; s++) {
        assertThat(r.onSweep(start.plusSeconds(s))).as("second %d", s).isFalse();
      }
      assertThat(openDevices(after)).as("before 3 minutes").containsExactly("dev-off");

      assertThat(r.onSweep(start.plusSeconds(180))).isTrue();
      assertThat(openDevices(after)).containsExactly("dev-dead");
      JsonArray resolved = AlertJson.list(after.list("resolved", 10)).getJsonArray("alerts");
      assertThat(resolved).hasSize(1);
      assertThat(resolved.getJsonObject(0).getString("device_id")).isEqualTo("dev-off");

      // Once only: a later sweep does not reconcile again.
      states.set(List.of(new FleetWatch.DeviceState("dev-late", "st-r", State.OFFLINE)));
      assertThat(r.onSweep(start.plusSeconds(600))).isFalse();
      assertThat(openDevices(after)).containsExactly("dev-dead");
    }
  }

  private static List<String> openDevices(AlertBook book) throws Exception {
    JsonArray open = AlertJson.list(book.list("open", 10)).getJsonArray("alerts");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < open.size(); i++) {
      out.add(((JsonObject) open.getValue(i)).getString("device_id"));
    }
    return out;
  }
}
