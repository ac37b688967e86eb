package org.yizhan.condition;

import java.util.Locale;
import java.util.Optional;
import org.yizhan.json.Coded;

/** How urgently a station condition needs somebody; the codes alerts use. */
public enum Severity implements Coded {
  /** Workers' health is at stake now: send somebody. */
  CRITICAL,
  /** Needs a look during the day. */
  WARNING;

  private final String code = name().toLowerCase(Locale.ROOT);

  @Override
  public String code() {
    return code;
  }

  public static Optional<Severity> findByCode(String code) {
    return Coded.find(Severity.class, code);
  }
}
