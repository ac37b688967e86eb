package org.yizhan.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.api.AlertJson;
import org.yizhan.db.Database;
import org.yizhan.device.DeviceHealth.State;
import org.yizhan.device.FleetWatch;
import org.yizhan.testing.TestDatabases;

/** The offline alert's lifecycle on synthetic changes, stored in a real PostgreSQL. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AlertBookIT {

  private static final Instant T0 = Instant.parse("2026-07-01T04:00:00Z");
  private static final Duration CALM = Duration.ofMinutes(5);

  private static FleetWatch.Change change(State from, State to, long atS) {
    return new FleetWatch.Change("dev-al", "st-al", from, to, T0.plusSeconds(atS));
  }

  @Test
  void aFlappingDeviceKeepsOneAlertWhichResolvesOnlyAfterItStaysBack() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      AlertBook book = new AlertBook(db.dataSource(), CALM);
      book.onSweep(List.of(change(State.LATE, State.OFFLINE, 0)), T0);
      assertThat(open(book)).hasSize(1);

      // Back, gone again, back: still the one alert.
      book.onSweep(List.of(change(State.OFFLINE, State.ONLINE, 60)), T0.plusSeconds(60));
      book.onSweep(List.of(change(State.ONLINE, State.OFFLINE, 120)), T0.plusSeconds(120));
      book.onSweep(List.of(change(State.OFFLINE, State.ONLINE, 180)), T0.plusSeconds(180));
      assertThat(open(book)).hasSize(1);
      assertThat(AlertJson.list(book.list(null, 10)).getJsonArray("alerts")).hasSize(1);

      // Not yet calm long enough ...
      book.onSweep(List.of(), T0.plusSeconds(180).plus(CALM).minusSeconds(1));
      assertThat(open(book)).hasSize(1);
      long id = open(book).getJsonObject(0).getLong("id");
      assertThat(book.acknowledge(id, "王班长")).isTrue();
      assertThat(book.acknowledge(id, "again")).as("only once").isFalse();
      assertThat(open(book).getJsonObject(0).getString("acknowledged_by")).isEqualTo("王班长");

      // ... now it is: resolved, and kept in the history.
      book.onSweep(List.of(), T0.plusSeconds(180).plus(CALM));
      assertThat(open(book)).isEmpty();
      JsonObject resolved =
          AlertJson.list(book.list("resolved", 10)).getJsonArray("alerts").getJsonObject(0);
      assertThat(resolved.getString("resolved_at"))
          .isEqualTo(T0.plusSeconds(180).plus(CALM).toString());
      assertThat(resolved.getString("opened_at")).isEqualTo(T0.toString());
      assertThat(resolved.getString("kind")).isEqualTo("device_offline");

      // A new outage is a new alert.
      book.onSweep(List.of(change(State.ONLINE, State.OFFLINE, 1_000)), T0.plusSeconds(1_000));
      assertThat(open(book)).hasSize(1);
      assertThat(AlertJson.list(book.list(null, 10)).getJsonArray("alerts")).hasSize(2);

      // After a restart the open alert is known again and still resolves.
      AlertBook restarted = new AlertBook(db.dataSource(), CALM);
      restarted.onSweep(List.of(change(State.OFFLINE, State.ONLINE, 1_100)), T0.plusSeconds(1_100));
      restarted.onSweep(List.of(), T0.plusSeconds(1_100).plus(CALM));
      assertThat(open(restarted)).isEmpty();
    }
  }

  @Test
  void stationConditionsHaveOneAlertPerKindAndListenersHearEachStep() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      AlertBook book = new AlertBook(db.dataSource(), CALM);
      List<AlertBook.Event> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
      book.addListener(heard::add);
      AlertBook.Signal hot =
          new AlertBook.Signal("too_hot", "st-c", null, "critical", true, T0, "33 °C for 15 min");
      AlertBook.Signal full =
          new AlertBook.Signal("overfull", "st-c", null, "warning", true, T0, "12 of 10 seats");
      book.apply(List.of(hot, full), T0);
      book.apply(List.of(hot), T0.plusSeconds(30)); // still hot: no second alert
      assertThat(open(book)).hasSize(2);
      assertThat(heard)
          .extracting(e -> e.type())
          .containsExactly(AlertBook.Event.Type.OPENED, AlertBook.Event.Type.OPENED);
      JsonObject hotAlert =
          heard.stream()
              .map(e -> AlertJson.of(e.alert()))
              .filter(a -> a.getString("kind").equals("too_hot"))
              .findFirst()
              .orElseThrow();
      assertThat(hotAlert.getString("severity")).isEqualTo("critical");
      assertThat(hotAlert.getString("device_id")).isNull();

      assertThat(book.acknowledge(hotAlert.getLong("id"), "李站长")).isTrue();
      assertThat(heard.get(2).type()).isEqualTo(AlertBook.Event.Type.ACKNOWLEDGED);
      assertThat(AlertJson.of(heard.get(2).alert()).getString("acknowledged_by")).isEqualTo("李站长");

      Instant cool = T0.plusSeconds(600);
      book.apply(
          List.of(new AlertBook.Signal("too_hot", "st-c", null, "critical", false, cool, "")),
          cool);
      book.apply(List.of(), cool.plus(CALM));
      assertThat(heard.get(3).type()).isEqualTo(AlertBook.Event.Type.RESOLVED);
      assertThat(AlertJson.of(heard.get(3).alert()).getString("resolved_at")).isNotNull();
      assertThat(open(book)).hasSize(1); // overfull stays open
    }
  }

  @Test
  void afterARestartDeviceAlertsAreReconciledWithWhatTheDevicesDidMeanwhile() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      AlertBook before = new AlertBook(db.dataSource(), CALM);
      before.onSweep(
          List.of(
              new FleetWatch.Change("dev-back", "st-r", State.ONLINE, State.OFFLINE, T0),
              new FleetWatch.Change("dev-gone", "st-r", State.ONLINE, State.OFFLINE, T0)),
          T0);
      assertThat(open(before)).hasSize(2);

      // Restarted an hour later: dev-back reports again, dev-dead died meanwhile, dev-gone was
      // deleted, dev-off was disabled.
      Instant later = T0.plusSeconds(3600);
      AlertBook after = new AlertBook(db.dataSource(), CALM);
      after.reconcileDevices(
          List.of(
              new FleetWatch.DeviceState("dev-back", "st-r", State.ONLINE),
              new FleetWatch.DeviceState("dev-dead", "st-r", State.OFFLINE),
              new FleetWatch.DeviceState("dev-off", "st-r", State.DISABLED)),
          later);
      JsonArray open = open(after);
      assertThat(open)
          .extracting(a -> ((JsonObject) a).getString("device_id"))
          .containsExactlyInAnyOrder("dev-back", "dev-dead");
      after.onSweep(List.of(), later.plus(CALM));
      assertThat(open(after))
          .extracting(a -> ((JsonObject) a).getString("device_id"))
          .containsExactly("dev-dead");
    }
  }

  private static JsonArray open(AlertBook book) throws Exception {
    return AlertJson.list(book.list("open", 10)).getJsonArray("alerts");
  }
}
