package org.yizhan.telemetry;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the contract's timestamps, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, whose shape the schemas
 * have already checked. {@link Instant#parse} would do, but builds a formatter on every call, which
 * shows at tens of thousands of readings a second.
 */
final class UtcTimestamps {

  private UtcTimestamps() {}

  /**
   * The instant a schema-checked timestamp names.
   *
   * @throws DateTimeException if it is not one (a field out of range, or not the contract's shape)
   */
  static Instant parse(String s) {
    int len = s.length();
    if (len < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(len - 1) != 'Z') {
      throw new DateTimeException("not yyyy-MM-ddTHH:mm:ss[.fraction]Z: " + s);
    }
    int nanos = 0;
    if (len > 20) {
      int digits = len - 21;
      if (s.charAt(19) != '.' || digits < 1 || digits > 9) {
        throw new DateTimeException("bad fraction of a second: " + s);
      }
      nanos = digits(s, 20, digits);
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
    }
    long epochSecond =
        LocalDateTime.of(
                digits(s, 0, 4),
                digits(s, 5, 2),
                digits(s, 8, 2),
                digits(s, 11, 2),
                digits(s, 14, 2),
                digits(s, 17, 2))
            .toEpochSecond(ZoneOffset.UTC);
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new DateTimeException("not a digit at " + i + ": " + s);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
