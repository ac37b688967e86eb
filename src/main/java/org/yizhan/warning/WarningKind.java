package org.yizhan.warning;

import java.util.Locale;
import java.util.Optional;

/** What a warning is about: heat (高温) or cold (寒潮, 低温). The wire name is lower case. */
public enum WarningKind {
  HEAT,
  COLD;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<WarningKind> findByCode(String code) {
    for (WarningKind k : values()) {
      if (k.code().equals(code)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
