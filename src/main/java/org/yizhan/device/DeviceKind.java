package org.yizhan.device;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a device measures. */
public enum DeviceKind {
  PEOPLE_COUNTER,
  CLIMATE,
  COMBINED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DeviceKind> findByCode(String code) {
    return Arrays.stream(values()).filter(k -> k.code().equals(code)).findFirst();
  }
}
