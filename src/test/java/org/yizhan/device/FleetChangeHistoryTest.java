package org.yizhan.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.LiveState;

/** The change history keeps the latest 10,000 changes and answers them newest first. */
class FleetChangeHistoryTest {

  private static final Instant T0 = Instant.parse("2026-07-01T04:00:00Z");
  private static final int DEVICES = 1_000;
  private static final int SWEEPS = 11; // 11,000 changes after the first sweep

  @Test
  void theLatestTenThousandChangesAreKeptNewestFirst() {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    AtomicReference<List<Device>> fleet = new AtomicReference<>(fleet(false));
    FleetWatch watch = new FleetWatch(fleet::get, new LiveState(), new DevicePresence(), now::get);
    watch.sweep(); // learns: every device never seen
    for (int s = 1; s <= SWEEPS; s++) {
      now.set(T0.plusSeconds(s));
      fleet.set(fleet(s % 2 == 1)); // every device turns disabled, then never seen, ...
      assertThat(watch.sweep()).hasSize(DEVICES);
    }

    List<FleetWatch.Change> all = watch.changes(null, Integer.MAX_VALUE);
    assertThat(all).hasSize(10_000);
    List<Instant> at = new ArrayList<>();
    for (FleetWatch.Change c : all) {
      at.add(c.at());
    }
    assertThat(at.get(0)).as("newest first").isEqualTo(T0.plusSeconds(SWEEPS));
    assertThat(at.get(at.size() - 1))
        .as("the oldest sweep's changes are gone")
        .isEqualTo(T0.plusSeconds(2));
    assertThat(at).isSortedAccordingTo((a, b) -> b.compareTo(a));

    List<FleetWatch.Change> latest = watch.changes(T0.plusSeconds(SWEEPS - 1), 5);
    assertThat(latest).hasSize(5);
    assertThat(latest.get(0).to().code()).isEqualTo("disabled");
  }

  private static List<Device> fleet(boolean disabled) {
    List<Device> out = new ArrayList<>(DEVICES);
    for (int i = 0; i < DEVICES; i++) {
      out.add(
          new Device(
              "dev-" + i,
              "st-" + (i % 50),
              DeviceKind.COMBINED,
              60,
              null,
              T0,
              disabled ? T0 : null));
    }
    return out;
  }
}
