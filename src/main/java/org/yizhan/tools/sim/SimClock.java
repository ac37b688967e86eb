package org.yizhan.tools.sim;

/**
 * Wall time and model time. Readings are always stamped with the wall clock (the server refuses
 * readings from the future or the distant past); the behaviour models (daily occupancy curve,
 * seasons) run on model time, which may run faster than the wall clock with {@code --time-scale}.
 *
 * @param startWallMs wall time the simulation started, epoch milliseconds
 * @param startModelMs model time at that instant
 * @param scale how many model milliseconds pass per wall millisecond
 */
record SimClock(long startWallMs, long startModelMs, double scale) {

  SimClock {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("time scale must be positive: " + scale);
    }
  }

  /** Model time running at wall speed from now. */
  static SimClock realTime(long nowMs) {
    return new SimClock(nowMs, nowMs, 1.0);
  }

  /** Model time at a wall time, epoch milliseconds. */
  long modelMs(long wallMs) {
    if (scale == 1.0) {
      return startModelMs + (wallMs - startWallMs);
    }
    return startModelMs + Math.round((wallMs - startWallMs) * scale);
  }
}
