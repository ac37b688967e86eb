package org.yizhan.fuzz;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What PostgreSQL's column types take, so a fuzz target can check that everything a parser accepted
 * can also be stored: a value the validator lets through but the database refuses fails a whole
 * ingest batch or answers an HTTP request with a 500.
 */
final class Storable {

  /** Smallest nonzero magnitude a {@code real} column is documented to hold. */
  static final double REAL_MIN_MAGNITUDE = 1e-37;

  /** Largest magnitude of a {@code real} (a 32-bit float). */
  static final double REAL_MAX_MAGNITUDE = Float.MAX_VALUE;

  /** First and last instants a {@code timestamptz} holds (4713 BC to 294276 AD). */
  static final Instant TIMESTAMPTZ_MIN =
      LocalDate.of(-4712, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);

  static final Instant TIMESTAMPTZ_MAX =
      LocalDate.of(294276, 12, 31).atStartOfDay().toInstant(ZoneOffset.UTC);

  private Storable() {}

  /** A {@code real} column: finite, and either zero or of a magnitude PostgreSQL keeps. */
  static void real(String field, Double v) {
    if (v == null) {
      return;
    }
    double m = Math.abs(v);
    if (!Double.isFinite(v) || (m != 0 && (m < REAL_MIN_MAGNITUDE || m > REAL_MAX_MAGNITUDE))) {
      throw new AssertionError(field + " = " + v + " was accepted but is out of range for real");
    }
  }

  static void smallint(String field, Number v) {
    range(field, v, Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
  }

  static void integer(String field, Number v) {
    range(field, v, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
  }

  /** A {@code bigint}: any Java long fits; the value must simply not have been clipped. */
  static void bigint(String field, Number v) {
    range(field, v, Long.MIN_VALUE, Long.MAX_VALUE, "bigint");
  }

  static void timestamptz(String field, Instant t) {
    if (t != null && (t.isBefore(TIMESTAMPTZ_MIN) || t.isAfter(TIMESTAMPTZ_MAX))) {
      throw new AssertionError(field + " = " + t + " is outside timestamptz's range");
    }
  }

  /** A {@code text} column: PostgreSQL refuses the NUL character in text. */
  static void text(String field, String s) {
    if (s != null && s.indexOf('\0') >= 0) {
      throw new AssertionError(field + " = " + quoted(s) + " holds a NUL, which text refuses");
    }
  }

  /** A string with control characters escaped, for messages. */
  static String quoted(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", c));
              } else {
                sb.appendCodePoint(c);
              }
            });
    return sb.append('"').toString();
  }

  private static void range(String field, Number v, long min, long max, String type) {
    if (v != null && (v.longValue() < min || v.longValue() > max)) {
      throw new AssertionError(field + " = " + v + " is out of range for " + type);
    }
  }
}
