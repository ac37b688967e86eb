package org.yizhan.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How one run's devices are spread over source addresses and over several simulator processes. */
class LoadSpreadTest {

  private static SimSettings withSources(int n) {
    return new SimSettings(
        "127.0.0.1", 1883, 60_000, new SimClock(0, 0, 1), 0, 0, 0, 8, 10, 1, 100, n);
  }

  /** Verifies that one source address leaves the choice to the system. */
  @Test
  void oneSourceAddressBindsNothing() {
    assertThat(withSources(1).sourceAddressFor("dev-1")).isNull();
  }

  /**
   * Verifies that devices are spread evenly over 127.0.0.1 .. 127.0.0.N, always the same address
   * for one device, so that no address runs out of source ports before the others.
   */
  @Test
  void devicesSpreadEvenlyOverTheLoopbackAddresses() {
    SimSettings s = withSources(4);
    Map<String, Integer> count = new HashMap<>();
    for (int i = 0; i < 40_000; i++) {
      count.merge(s.sourceAddressFor("dev-" + i), 1, Integer::sum);
    }
    assertThat(count)
        .containsOnlyKeys("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
        .allSatisfy((addr, n) -> assertThat(n).isBetween(9_000, 11_000));
    assertThat(s.sourceAddressFor("dev-7")).isEqualTo(s.sourceAddressFor("dev-7"));
  }

  /** Verifies that --part takes K/M with 0 <= K < M and refuses anything else. */
  @Test
  void partIsKOfM() {
    assertThat(Simulate.parsePart("1/3")).containsExactly(1, 3);
    assertThat(Simulate.parsePart("0/1")).containsExactly(0, 1);
    for (String bad : new String[] {"3/3", "-1/2", "1", "a/b", "0/0", "1/2/3"}) {
      assertThatThrownBy(() -> Simulate.parsePart(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--part");
    }
  }
}
