package org.yizhan.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FaultTest {

  @Test
  void theFaultyShareIsHonouredAndEveryKindAppears() {
    Fault[] f = Fault.assign(1000, 0.02, 9);
    assertThat(Arrays.stream(f).filter(x -> x != Fault.NONE).count()).isEqualTo(20);
    assertThat(Arrays.asList(f)).containsAll(Fault.KINDS);
    assertThat(Fault.assign(1000, 0.02, 9)).isEqualTo(f);
    assertThat(Fault.assign(1000, 0.02, 10)).isNotEqualTo(f);
  }

  @Test
  void extremesAndSmallNetworks() {
    assertThat(Fault.assign(50, 0, 1)).containsOnly(Fault.NONE);
    assertThat(Fault.assign(50, 1, 1)).doesNotContain(Fault.NONE);
    assertThat(Arrays.stream(Fault.assign(20, 0.1, 1)).filter(x -> x != Fault.NONE)).hasSize(2);
  }
}
