package org.yizhan.text;

import java.util.regex.Pattern;

/**
 * Plain decimal numbers as people write them: ASCII digits, an optional minus sign, a decimal point
 * and an exponent. Java's own parsers accept more ({@code 0x1p3}, {@code 5d}, digits of any script
 * such as {@code ５}, a leading {@code +}), which a client would never mean and which would make two
 * spellings of one value compare differently in logs and caches.
 */
public final class StrictNumbers {

  /** Longer than any sensible coordinate or count; keeps the regex and the parser cheap. */
  public static final int MAX_LENGTH = 40;

  private static final Pattern DECIMAL =
      Pattern.compile("-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]{1,4})?");
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

  private StrictNumbers() {}

  /**
   * The finite value of a plain decimal number, or {@code null} when {@code s} is anything else
   * (including a number too large for a double).
   */
  public static Double decimal(String s) {
    if (s == null || s.length() > MAX_LENGTH || !DECIMAL.matcher(s).matches()) {
      return null;
    }
    double d = Double.parseDouble(s);
    return Double.isFinite(d) ? d : null;
  }

  /** The value of a plain integer of at most 18 digits, or {@code null} for anything else. */
  public static Long integer(String s) {
    if (s == null || !INTEGER.matcher(s).matches()) {
      return null;
    }
    return Long.parseLong(s);
  }
}
