package org.yizhan.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the device-change announcements other instances make. */
class DeviceChangesTest {

  /** Verifies that another instance's announcement names its device and this one's is skipped. */
  @Test
  void anAnnouncementNamesItsDeviceUnlessItIsThisInstancesOwn() {
    assertThat(DeviceChanges.deviceIdOf("me", "v1\tother\td-1")).isEqualTo("d-1");
    assertThat(DeviceChanges.deviceIdOf("me", "v1\tme\td-1")).isNull();
    assertThat(DeviceChanges.deviceIdOf("me", "v2\tother\td-1")).isNull();
    assertThat(DeviceChanges.deviceIdOf("me", "garbage")).isNull();
  }
}
