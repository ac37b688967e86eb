package org.yizhan.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yizhan.device.DeviceHealth.State;
import org.yizhan.device.FleetWatch;

/** The alert lifecycle's rules alone, without a database. */
class AlertLifecycleTest {

  private static final Instant T0 = Instant.parse("2026-07-01T04:00:00Z");
  private static final Duration CALM = Duration.ofMinutes(5);
  private static final String HOT = AlertLifecycle.key("too_hot", "st-c", null);

  private long nextId = 100;

  private static AlertBook.Signal hot(boolean active, Instant at) {
    return new AlertBook.Signal("too_hot", "st-c", null, "critical", active, at, "33 °C");
  }

  /** Stores the steps as a database would, giving new ids; returns them as text. */
  private List<String> store(AlertLifecycle l, List<AlertLifecycle.Step> steps) {
    List<Long> ids = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (AlertLifecycle.Step s : steps) {
      if (s instanceof AlertLifecycle.Open) {
        ids.add(nextId++);
        out.add("open " + s.key());
      } else {
        out.add("resolve " + s.key());
      }
    }
    l.stored(steps, ids);
    return out;
  }

  @Test
  void anActiveConditionOpensOneAlertWhichStaysOpenWhileItFlaps() {
    AlertLifecycle l = new AlertLifecycle(CALM, Map.of());
    assertThat(store(l, l.apply(List.of(hot(true, T0)), T0))).containsExactly("open " + HOT);
    assertThat(store(l, l.apply(List.of(hot(true, T0.plusSeconds(30))), T0.plusSeconds(30))))
        .as("still hot: no second alert")
        .isEmpty();
    assertThat(store(l, l.apply(List.of(hot(false, T0.plusSeconds(60))), T0.plusSeconds(60))))
        .isEmpty();
    assertThat(store(l, l.apply(List.of(hot(true, T0.plusSeconds(90))), T0.plusSeconds(90))))
        .as("back: the same alert")
        .isEmpty();
    assertThat(l.openId(HOT)).isEqualTo(100L);
  }

  @Test
  void analertResolvesOnlyOnceItsConditionStayedClearForTheCalmPeriod() {
    AlertLifecycle l = new AlertLifecycle(CALM, Map.of(HOT, 7L));
    Instant clear = T0.plusSeconds(60);
    assertThat(store(l, l.apply(List.of(hot(false, clear)), clear))).isEmpty();
    assertThat(store(l, l.apply(List.of(), clear.plus(CALM).minusSeconds(1)))).isEmpty();
    assertThat(store(l, l.apply(List.of(), clear.plus(CALM)))).containsExactly("resolve " + HOT);
    assertThat(l.openId(HOT)).isNull();
    assertThat(store(l, l.apply(List.of(), clear.plus(CALM).plusSeconds(60)))).as("once").isEmpty();
  }

  @Test
  void stepsNotStoredChangeNothingAndAreDueAgainOnTheNextCall() {
    AlertLifecycle l = new AlertLifecycle(CALM, Map.of(HOT, 7L));
    Instant clear = T0.plusSeconds(60);
    l.apply(List.of(hot(false, clear)), clear);
    List<AlertLifecycle.Step> lost = l.apply(List.of(), clear.plus(CALM)); // the database failed
    assertThat(lost).extracting(AlertLifecycle.Step::key).containsExactly(HOT);
    assertThat(l.openId(HOT)).as("still open").isEqualTo(7L);
    assertThat(store(l, l.apply(List.of(), clear.plus(CALM).plusSeconds(5))))
        .containsExactly("resolve " + HOT);

    List<AlertLifecycle.Step> lostOpen = l.apply(List.of(hot(true, T0)), T0);
    assertThat(lostOpen).hasSize(1);
    assertThat(l.openId(HOT)).isNull();
    assertThat(store(l, l.apply(List.of(hot(true, T0)), T0))).containsExactly("open " + HOT);
  }

  @Test
  void theWholeStateClearsOpenAlertsOfItsKindsThatAreNotListed() {
    String full = AlertLifecycle.key("overfull", "st-c", null);
    String liar = AlertLifecycle.key("sensor_lies", "st-c", "dev-1");
    AlertLifecycle l = new AlertLifecycle(CALM, Map.of(HOT, 1L, full, 2L, liar, 3L));
    assertThat(store(l, l.applyState(Set.of("too_hot", "overfull"), List.of(hot(true, T0)), T0)))
        .isEmpty();
    assertThat(
            store(
                l,
                l.applyState(Set.of("too_hot", "overfull"), List.of(hot(true, T0)), T0.plus(CALM))))
        .as("overfull clear for the calm period; sensor_lies is not among the kinds")
        .containsExactly("resolve " + full);
  }

  @Test
  void aDisabledDeviceResolvesAtOnceAndADeviceBackStartsItsCalm() {
    String dev = AlertLifecycle.key(AlertLifecycle.DEVICE_OFFLINE, "st-r", "dev-1");
    AlertLifecycle l = new AlertLifecycle(CALM, Map.of());
    assertThat(
            store(
                l,
                l.onSweep(
                    List.of(new FleetWatch.Change("dev-1", "st-r", State.LATE, State.OFFLINE, T0)),
                    T0)))
        .containsExactly("open " + dev);
    Instant back = T0.plusSeconds(60);
    assertThat(
            store(
                l,
                l.onSweep(
                    List.of(
                        new FleetWatch.Change("dev-1", "st-r", State.OFFLINE, State.ONLINE, back)),
                    back)))
        .isEmpty();
    assertThat(store(l, l.onSweep(List.of(), back.plus(CALM)))).containsExactly("resolve " + dev);

    l.onSweep(List.of(new FleetWatch.Change("dev-1", "st-r", State.LATE, State.OFFLINE, T0)), T0);
    assertThat(
            store(
                l,
                l.onSweep(
                    List.of(
                        new FleetWatch.Change("dev-1", "st-r", State.OFFLINE, State.DISABLED, T0)),
                    T0)))
        .as("the first open was not stored: nothing to resolve")
        .isEmpty();
  }

  @Test
  void afterAStartGoneAndDisabledDevicesResolveAndDeadOnesOpen() {
    String gone = AlertLifecycle.key(AlertLifecycle.DEVICE_OFFLINE, "st-r", "dev-gone");
    String off = AlertLifecycle.key(AlertLifecycle.DEVICE_OFFLINE, "st-r", "dev-off");
    String dead = AlertLifecycle.key(AlertLifecycle.DEVICE_OFFLINE, "st-r", "dev-dead");
    AlertLifecycle l = new AlertLifecycle(CALM, Map.of(gone, 1L, off, 2L, HOT, 3L));
    List<String> steps =
        store(
            l,
            l.reconcileDevices(
                List.of(
                    new FleetWatch.DeviceState("dev-off", "st-r", State.DISABLED),
                    new FleetWatch.DeviceState("dev-dead", "st-r", State.OFFLINE)),
                T0));
    assertThat(steps).containsExactly("resolve " + off, "resolve " + gone, "open " + dead);
    assertThat(l.openId(HOT)).as("not a device alert").isEqualTo(3L);
  }
}
