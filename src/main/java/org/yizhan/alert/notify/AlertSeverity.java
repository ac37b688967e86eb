package org.yizhan.alert.notify;

import java.util.Locale;
import java.util.Optional;
import org.yizhan.json.Coded;

/**
 * How urgent an alert is, in increasing order, so a target can ask for "warning and above" and keep
 * a busy group free of informational noise.
 */
public enum AlertSeverity implements Coded {
  INFO,
  WARNING,
  CRITICAL;

  private final String code = name().toLowerCase(Locale.ROOT);

  @Override
  public String code() {
    return code;
  }

  /** True if this severity is {@code floor} or more urgent. */
  public boolean atLeast(AlertSeverity floor) {
    return compareTo(floor) >= 0;
  }

  public static Optional<AlertSeverity> findByCode(String code) {
    return Coded.find(AlertSeverity.class, code);
  }

  /** The severity with that code, as stored in the {@code alert} table. */
  public static AlertSeverity getByCode(String code) {
    return findByCode(code)
        .orElseThrow(() -> new IllegalArgumentException("unknown alert severity: " + code));
  }
}
