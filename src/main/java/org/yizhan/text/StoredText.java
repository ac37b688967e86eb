package org.yizhan.text;

/**
 * Whether a piece of text can be stored and shown as it is. PostgreSQL refuses NUL in {@code text}
 * (the whole statement fails), an unpaired surrogate cannot be encoded as UTF-8 (the driver would
 * silently store {@code ?}), and other control characters only ever arrive by mistake or to confuse
 * a log or a terminal.
 */
public final class StoredText {

  private StoredText() {}

  /**
   * Why {@code s} cannot be stored, or {@code null} when it can. Tab, line feed and carriage return
   * pass only when {@code multiLine} is set.
   */
  public static String problem(String s, boolean multiLine) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return "must not contain a NUL character";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return "contains an unpaired UTF-16 surrogate (not valid Unicode text)";
      }
      if (Character.isLowSurrogate(c)) {
        return "contains an unpaired UTF-16 surrogate (not valid Unicode text)";
      }
      if (Character.isISOControl(c) && !(multiLine && (c == '\t' || c == '\n' || c == '\r'))) {
        return "must not contain control characters (found U+"
            + String.format("%04X", (int) c)
            + ")";
      }
    }
    return null;
  }
}
