package org.yizhan.station.hours;

/** Whether a station is open at an instant according to its published hours. */
public enum OpenState {
  OPEN,
  CLOSED,
  /** The hours use a feature we cannot evaluate (public holidays, sunrise, comments only). */
  UNKNOWN;

  private final String code = name().toLowerCase(java.util.Locale.ROOT);

  public String code() {
    return code;
  }
}
