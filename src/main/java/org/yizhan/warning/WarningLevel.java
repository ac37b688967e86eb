package org.yizhan.warning;

import java.util.Locale;
import java.util.Optional;

/**
 * China's warning colours, least severe first: blue, yellow, orange, red. Heat warnings start at
 * yellow (the meteorological service issues no blue heat warning); cold-wave warnings start at
 * blue.
 */
public enum WarningLevel {
  BLUE,
  YELLOW,
  ORANGE,
  RED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<WarningLevel> findByCode(String code) {
    for (WarningLevel l : values()) {
      if (l.code().equals(code)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /** The lowest level the service issues for this kind. */
  public static WarningLevel lowestFor(WarningKind kind) {
    return kind == WarningKind.HEAT ? YELLOW : BLUE;
  }
}
