package org.yizhan.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Verifies which text can be stored as it is. */
class StoredTextTest {

  @Test
  void ordinaryTextIncludingCjkAndEmojiPasses() {
    assertThat(StoredText.problem("太原站 rest stop 🚻", false)).isNull();
  }

  @Test
  void nulIsRefusedEvenInMultiLineText() {
    assertThat(StoredText.problem("a\u0000b", true)).contains("NUL");
  }

  @Test
  void lineBreaksPassOnlyInMultiLineText() {
    assertThat(StoredText.problem("a\nb\tc", true)).isNull();
    assertThat(StoredText.problem("a\nb", false)).contains("U+000A");
  }

  @Test
  void otherControlCharactersAreRefused() {
    assertThat(StoredText.problem("a\u001bb", true)).contains("U+001B");
    assertThat(StoredText.problem("a\u0085b", true)).contains("U+0085");
  }

  @Test
  void unpairedSurrogatesAreRefused() {
    assertThat(StoredText.problem("a\ud800", false)).contains("surrogate");
    assertThat(StoredText.problem("\udc00a", false)).contains("surrogate");
    assertThat(StoredText.problem("\ud83d\udebb", false)).isNull();
  }
}
