package org.yizhan.warning;

import java.util.Locale;

/** Where a warning came from: set by an admin, or read from the configured feed. */
public enum WarningSource {
  MANUAL,
  FEED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static WarningSource ofCode(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
