package org.yizhan.tools.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** How a faulty device misbehaves. Healthy devices have {@link #NONE}. */
enum Fault {
  NONE,
  /** Temperature and humidity freeze for hours at a time. */
  STUCK_VALUES,
  /** Now and then a value outside the contract, e.g. 120 °C: refused as schema_violation. */
  OUT_OF_RANGE,
  /** Now and then more people than seats (valid JSON; the server may flag it). */
  OVER_CAPACITY,
  /** The device clock runs minutes ahead; on some devices beyond the server's 5-minute limit. */
  CLOCK_SKEW,
  /** Now and then a cut-off or otherwise broken JSON payload: refused as malformed_json. */
  MALFORMED_JSON;

  /** The faults a faulty device can have, in the order they are dealt out. */
  static final List<Fault> KINDS = List.copyOf(Arrays.asList(values()).subList(1, values().length));

  /**
   * Deals faults to {@code n} devices: {@code round(share * n)} of them, picked by a shuffle seeded
   * with {@code seed}, get a fault, the kinds dealt in turn so every kind appears.
   *
   * @return one fault per device, by index
   */
  static Fault[] assign(int n, double share, long seed) {
    Fault[] out = new Fault[n];
    Arrays.fill(out, NONE);
    int faulty = (int) Math.round(Math.max(0, Math.min(1, share)) * n);
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    for (int k = 0; k < faulty; k++) {
      out[order.get(k)] = KINDS.get(k % KINDS.size());
    }
    return out;
  }
}
