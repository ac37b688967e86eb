package org.yizhan.json;

/**
 * Hand-rolled JSON text output for the hot read paths (GeoJSON of stations), where building a tree
 * of objects per request would dominate the cost. Numbers are written with fixed decimals on
 * purpose: {@code StringBuilder.append(double)} is slow and switches to exponent notation.
 */
public final class JsonText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final long[] POW10 = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L
  };

  private static final java.time.format.DateTimeFormatter TO_THE_SECOND =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
          .withZone(java.time.ZoneOffset.UTC);

  /** The last second rendered by {@link #instantMillis}; requests in the same second reuse it. */
  private static volatile SecondText lastSecond;

  private record SecondText(long epochSecond, String text) {}

  private JsonText() {}

  /**
   * Appends {@code t} in RFC 3339 UTC to the millisecond ({@code 2026-07-01T04:05:06.789Z}),
   * unquoted. Cheaper than {@link java.time.Instant#toString}, which runs a formatter per call.
   */
  public static StringBuilder instantMillis(StringBuilder sb, java.time.Instant t) {
    long second = t.getEpochSecond();
    SecondText c = lastSecond;
    if (c == null || c.epochSecond() != second) {
      c = new SecondText(second, TO_THE_SECOND.format(t));
      lastSecond = c;
    }
    int ms = t.getNano() / 1_000_000;
    sb.append(c.text()).append('.');
    if (ms < 100) {
      sb.append(ms < 10 ? "00" : "0");
    }
    return sb.append(ms).append('Z');
  }

  /** Appends a JSON string literal, or {@code null}. */
  public static StringBuilder string(StringBuilder sb, String s) {
    if (s == null) {
      return sb.append("null");
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append("\\u")
                .append(HEX[(c >> 12) & 0xF])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  /**
   * Appends {@code value} rounded to {@code decimals} (at most 8) places, trailing zeros dropped,
   * never in exponent notation. Non-finite values become {@code null}.
   */
  public static StringBuilder fixed(StringBuilder sb, double value, int decimals) {
    if (!Double.isFinite(value)) {
      return sb.append("null");
    }
    long scale = POW10[decimals];
    long scaled = Math.round(Math.abs(value) * scale);
    if (scaled != 0 && value < 0) {
      sb.append('-');
    }
    sb.append(scaled / scale);
    long frac = scaled % scale;
    if (frac != 0) {
      int digits = decimals;
      while (frac % 10 == 0) {
        frac /= 10;
        digits--;
      }
      sb.append('.');
      for (int p = digits - 1; p > 0 && frac < POW10[p]; p--) {
        sb.append('0');
      }
      sb.append(frac);
    }
    return sb;
  }
}
