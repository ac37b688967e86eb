package org.yizhan.tools.sim;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Appends UTC timestamps as {@code 2026-07-15T04:30:00.123Z} without allocating, caching the
 * date-and-minute prefix. Not thread-safe: one per thread.
 */
final class Rfc3339 {

  private final char[] prefix = new char[17];
  private long cachedMinute = Long.MIN_VALUE;

  /** Appends {@code epochMs} with millisecond precision. */
  StringBuilder append(StringBuilder sb, long epochMs) {
    long minute = Math.floorDiv(epochMs, 60_000L);
    if (minute != cachedMinute) {
      LocalDateTime t = LocalDateTime.ofEpochSecond(minute * 60, 0, ZoneOffset.UTC);
      digits(prefix, 0, t.getYear(), 4);
      prefix[4] = '-';
      digits(prefix, 5, t.getMonthValue(), 2);
      prefix[7] = '-';
      digits(prefix, 8, t.getDayOfMonth(), 2);
      prefix[10] = 'T';
      digits(prefix, 11, t.getHour(), 2);
      prefix[13] = ':';
      digits(prefix, 14, t.getMinute(), 2);
      prefix[16] = ':';
      cachedMinute = minute;
    }
    int ms = (int) (epochMs - minute * 60_000L);
    int s = ms / 1000;
    int milli = ms % 1000;
    sb.append(prefix);
    sb.append((char) ('0' + s / 10)).append((char) ('0' + s % 10)).append('.');
    sb.append((char) ('0' + milli / 100))
        .append((char) ('0' + milli / 10 % 10))
        .append((char) ('0' + milli % 10));
    return sb.append('Z');
  }

  /** The timestamp as a string. */
  String format(long epochMs) {
    return append(new StringBuilder(24), epochMs).toString();
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      out[at + i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
