package org.yizhan.alert.notify;

import java.util.Locale;
import java.util.Optional;
import org.yizhan.json.Coded;

/** A step in an alert's life that people may want to hear about; targets choose which. */
public enum AlertEvent implements Coded {
  OPENED,
  ACKNOWLEDGED,
  RESOLVED;

  private final String code = name().toLowerCase(Locale.ROOT);

  @Override
  public String code() {
    return code;
  }

  public static Optional<AlertEvent> findByCode(String code) {
    return Coded.find(AlertEvent.class, code);
  }
}
