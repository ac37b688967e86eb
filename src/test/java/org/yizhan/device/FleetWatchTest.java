package org.yizhan.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.yizhan.device.DeviceHealth.State;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.LiveState;
import org.yizhan.telemetry.Reading;

/** Sweeps notice each change of a device's health once, at the sweep after it happens. */
class FleetWatchTest {

  private static final Instant T0 = Instant.parse("2026-07-01T04:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final LiveState live = new LiveState();
  private final DevicePresence presence = new DevicePresence();
  private final List<Device> fleet =
      new java.util.ArrayList<>(
          List.of(
              new Device("dev-a", "st-1", DeviceKind.COMBINED, 60, null, T0, null),
              new Device("dev-b", "st-2", DeviceKind.COMBINED, 60, null, T0, null)));
  private final FleetWatch watch = new FleetWatch(() -> fleet, live, presence, now::get);

  private void reading(String device, Instant at) {
    live.apply(
        List.of(
            new Reading(
                "st-x",
                device,
                at.getEpochSecond(),
                at,
                3,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                at)));
  }

  private List<FleetWatch.Change> sweepAt(long secondsAfterT0) {
    now.set(T0.plusSeconds(secondsAfterT0));
    return watch.sweep();
  }

  @Test
  void aSilentDeviceGoesLateThenOfflineOnTimeAndComesBack() {
    reading("dev-a", T0);
    assertThat(sweepAt(0)).as("the first sweep only learns").isEmpty();
    assertThat(sweepAt(90)).isEmpty();
    assertThat(sweepAt(91)).extracting(FleetWatch.Change::to).containsExactly(State.LATE);
    assertThat(sweepAt(120)).isEmpty();
    List<FleetWatch.Change> offline = sweepAt(181);
    assertThat(offline).hasSize(1);
    assertThat(offline.get(0).from()).isEqualTo(State.LATE);
    assertThat(offline.get(0).to()).isEqualTo(State.OFFLINE);
    assertThat(offline.get(0).at()).isEqualTo(T0.plusSeconds(181));

    reading("dev-a", T0.plusSeconds(300));
    assertThat(sweepAt(301)).extracting(FleetWatch.Change::to).containsExactly(State.ONLINE);
  }

  @Test
  void aDeviceProvisionedLaterIsNoChangeUntilItReports() {
    sweepAt(0);
    fleet.add(new Device("dev-new", "st-3", DeviceKind.COMBINED, 60, null, T0, null));
    assertThat(sweepAt(1)).as("a new, silent device").isEmpty();
    reading("dev-new", T0.plusSeconds(2));
    assertThat(sweepAt(3))
        .extracting(FleetWatch.Change::deviceId, FleetWatch.Change::from, FleetWatch.Change::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dev-new", State.NEVER_SEEN, State.ONLINE));
  }

  @Test
  void aLastWillIsOfflineAtTheNextSweepAndNeverSeenDevicesWaitForTheirFirstReading() {
    reading("dev-a", T0);
    sweepAt(0);
    presence.offline("dev-a", T0.plusSeconds(5), "lwt");
    assertThat(sweepAt(6))
        .extracting(FleetWatch.Change::deviceId, FleetWatch.Change::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("dev-a", State.OFFLINE));
    reading("dev-b", T0.plusSeconds(10));
    assertThat(sweepAt(11))
        .extracting(FleetWatch.Change::deviceId, FleetWatch.Change::from, FleetWatch.Change::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dev-b", State.NEVER_SEEN, State.ONLINE));

    List<FleetWatch.Change> all = watch.changes(null, 10);
    assertThat(all).hasSize(2);
    assertThat(all.get(0).deviceId()).as("newest first").isEqualTo("dev-b");
    assertThat(watch.changes(T0.plusSeconds(6), 10)).hasSize(1);
  }
}
