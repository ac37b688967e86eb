package org.yizhan.station.hours;

/** The text is not valid OpenStreetMap {@code opening_hours} syntax. */
public final class InvalidOpeningHoursException extends Exception {
  public InvalidOpeningHoursException(String message) {
    super(message);
  }
}
