package org.yizhan.feedback;

import java.util.Locale;
import java.util.Optional;
import org.yizhan.json.Coded;

/** What a worker can report about a station: a fixed list, so admins can count and route. */
public enum FeedbackKind implements Coded {
  NO_WATER,
  AC_BROKEN,
  NO_HEATING,
  CLOSED_DURING_HOURS,
  DIRTY,
  FULL,
  EQUIPMENT_BROKEN,
  OTHER;

  private final String code = name().toLowerCase(Locale.ROOT);

  @Override
  public String code() {
    return code;
  }

  public static Optional<FeedbackKind> findByCode(String code) {
    return Coded.find(FeedbackKind.class, code);
  }
}
