package org.yizhan.station;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Administrative status. {@code CLOSED} is the soft-deleted state: the row stays for history and
 * exports but the station is hidden from workers.
 */
public enum StationStatus {
  ACTIVE,
  TEMPORARILY_CLOSED,
  CLOSED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<StationStatus> findByCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    String c = code.trim();
    return Arrays.stream(values()).filter(k -> k.code().equals(c)).findFirst();
  }
}
