package org.yizhan.feedback;

import java.util.Locale;
import java.util.Optional;
import org.yizhan.json.Coded;

/** Where a report stands in the admin inbox. */
public enum FeedbackStatus implements Coded {
  NEW,
  ACKNOWLEDGED,
  RESOLVED,
  DISMISSED;

  private final String code = name().toLowerCase(Locale.ROOT);

  @Override
  public String code() {
    return code;
  }

  public static Optional<FeedbackStatus> findByCode(String code) {
    return Coded.find(FeedbackStatus.class, code);
  }
}
