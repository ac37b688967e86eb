package org.yizhan.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectedDevicesTest {

  @Test
  void aSetCapIsTakenAsIs() {
    assertThat(ConnectedDevices.capacityFor(500, 1024)).isEqualTo(500);
  }

  @Test
  void withoutASettingTheCapLeavesFilesFreeBelowTheLimit() {
    assertThat(ConnectedDevices.fromFilesLimit(20_000, 1024)).isEqualTo(18_976);
    assertThat(ConnectedDevices.fromFilesLimit(1_048_576, 1024)).isEqualTo(1_047_552);
    assertThat(ConnectedDevices.fromFilesLimit(1_000, 1024)).as("never below one").isEqualTo(1);
    assertThat(ConnectedDevices.fromFilesLimit(Long.MAX_VALUE, 1024)).isEqualTo(Integer.MAX_VALUE);
    assertThat(ConnectedDevices.capacityFor(0, 1024)).isPositive();
  }

  @Test
  void roomIsLeftUntilTheCapIsReached() {
    ConnectedDevices c = new ConnectedDevices(1);
    assertThat(c.refuseForCapacity("d1")).isFalse();
    assertThat(c.refusedForCapacity()).isZero();
  }

  @Test
  void aCapBelowOneIsRefused() {
    assertThatThrownBy(() -> new ConnectedDevices(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
