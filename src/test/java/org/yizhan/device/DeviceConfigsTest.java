package org.yizhan.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which thresholds PostgreSQL's 4-byte real can hold. */
class DeviceConfigsTest {

  /** Verifies that zero and ordinary temperatures are storable. */
  @Test
  void zeroAndOrdinaryValuesAreStorable() {
    assertThat(DeviceConfigs.storable(0.0)).isTrue();
    assertThat(DeviceConfigs.storable(-0.0)).isTrue();
    assertThat(DeviceConfigs.storable(30.5)).isTrue();
    assertThat(DeviceConfigs.storable(-40)).isTrue();
    assertThat(DeviceConfigs.storable(1e-37)).isTrue();
    assertThat(DeviceConfigs.storable(-1e37)).isTrue();
  }

  /** Verifies that magnitudes a real underflows or overflows on are refused. */
  @Test
  void tinyHugeAndNonFiniteValuesAreNot() {
    assertThat(DeviceConfigs.storable(1e-300)).isFalse();
    assertThat(DeviceConfigs.storable(-1e-38)).isFalse();
    assertThat(DeviceConfigs.storable(Double.MIN_VALUE)).isFalse();
    assertThat(DeviceConfigs.storable(1e38)).isFalse();
    assertThat(DeviceConfigs.storable(Double.NaN)).isFalse();
    assertThat(DeviceConfigs.storable(Double.NEGATIVE_INFINITY)).isFalse();
  }
}
