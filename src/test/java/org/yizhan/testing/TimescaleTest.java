package org.yizhan.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimescaleTest {

  @Test
  void onlyAnExplicitYesRequiresTimescale() {
    assertThat(Timescale.required("1")).isTrue();
    assertThat(Timescale.required("true")).isTrue();
    assertThat(Timescale.required(null)).isFalse();
    assertThat(Timescale.required("")).isFalse();
    assertThat(Timescale.required("0")).isFalse();
  }
}
