package org.yizhan.history;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** Time resolution of a history query, with the longest range it may span. */
public enum Bucket {
  RAW("raw", null, Duration.ofDays(7)),
  M15("15m", Duration.ofMinutes(15), Duration.ofDays(31)),
  H1("1h", Duration.ofHours(1), Duration.ofDays(366)),
  D1("1d", Duration.ofDays(1), Duration.ofDays(3660));

  private final String code;
  private final Duration width;
  private final Duration maxRange;

  Bucket(String code, Duration width, Duration maxRange) {
    this.code = code;
    this.width = width;
    this.maxRange = maxRange;
  }

  public String code() {
    return code;
  }

  /** Bucket width; {@code null} for raw readings. */
  public Duration width() {
    return width;
  }

  public Duration maxRange() {
    return maxRange;
  }

  public static Optional<Bucket> findByCode(String code) {
    return Arrays.stream(values()).filter(b -> b.code.equals(code)).findFirst();
  }
}
