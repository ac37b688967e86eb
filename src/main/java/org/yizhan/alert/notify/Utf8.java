package org.yizhan.alert.notify;

/** Byte-budgeted text: chat robots limit messages in UTF-8 bytes, not in characters. */
final class Utf8 {

  static final String ELLIPSIS = "…";
  private static final int ELLIPSIS_BYTES = 3;

  private Utf8() {}

  /** The UTF-8 length of {@code s}, counting a lone surrogate as the 3 bytes it may become. */
  static int length(CharSequence s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * {@code s} if it fits in {@code maxBytes}, else its longest prefix that fits together with a
   * trailing "…", cut between code points so no character is ever split.
   */
  static String truncate(String s, int maxBytes) {
    if (length(s) <= maxBytes) {
      return s;
    }
    int budget = maxBytes - ELLIPSIS_BYTES;
    if (budget < 0) {
      return "";
    }
    int used = 0;
    int end = 0;
    while (end < s.length()) {
      int cp = s.codePointAt(end);
      int chars = Character.charCount(cp);
      int bytes = length(s.substring(end, end + chars));
      if (used + bytes > budget) {
        break;
      }
      used += bytes;
      end += chars;
    }
    return s.substring(0, end) + ELLIPSIS;
  }
}
