package org.yizhan.text;

import java.util.Objects;

/**
 * A text for people in both languages the product speaks, built together so neither is forgotten:
 * English and Chinese. Readers get the one their request asks for ({@link #in}).
 */
public record Bilingual(String en, String zh) {

  public Bilingual {
    Objects.requireNonNull(en, "en");
    Objects.requireNonNull(zh, "zh");
  }

  /** The text in {@code lang} ({@code "zh"} or {@code "en"}; anything else is English). */
  public String in(String lang) {
    return "zh".equals(lang) ? zh : en;
  }
}
