package org.yizhan.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  private static String fixed(double v, int d) {
    return JsonText.fixed(new StringBuilder(), v, d).toString();
  }

  @Test
  void fixedDecimalsNeverUseExponentNotationAndDropTrailingZeros() {
    assertThat(fixed(112.5489, 7)).isEqualTo("112.5489");
    assertThat(fixed(0.00001, 7)).isEqualTo("0.00001");
    assertThat(fixed(-0.0000001, 7)).isEqualTo("-0.0000001");
    assertThat(fixed(-0.00000001, 7)).isEqualTo("0");
    assertThat(fixed(12_345_678.25, 1)).isEqualTo("12345678.3");
    assertThat(fixed(320.0, 1)).isEqualTo("320");
    assertThat(fixed(37.05, 7)).isEqualTo("37.05");
    assertThat(fixed(Double.NaN, 2)).isEqualTo("null");
  }

  @Test
  void stringsAreEscapedSoAJsonParserReadsThemBack() {
    String nasty = "驿站 \"quoted\" \\ back\nline\ttab \u0001 \u2028";
    String json = "{\"s\":" + JsonText.string(new StringBuilder(), nasty) + "}";
    assertThat(new JsonObject(json).getString("s")).isEqualTo(nasty);
  }

  @Test
  void instantsAreWrittenToTheMillisecondAndParseBack() {
    java.util.Random random = new java.util.Random(7);
    java.time.Instant t = java.time.Instant.parse("2026-07-01T04:05:06.789123456Z");
    assertThat(JsonText.instantMillis(new StringBuilder(), t).toString())
        .isEqualTo("2026-07-01T04:05:06.789Z");
    assertThat(
            JsonText.instantMillis(
                    new StringBuilder(), java.time.Instant.parse("2026-01-01T00:00:00Z"))
                .toString())
        .isEqualTo("2026-01-01T00:00:00.000Z");
    for (int i = 0; i < 10_000; i++) {
      // Runs of instants within one second (the cached prefix) and jumps between seconds.
      t =
          t.plusNanos(
              random.nextInt(3) == 0
                  ? random.nextLong(5_000_000_000_000L)
                  : random.nextInt(40_000_000));
      String text = JsonText.instantMillis(new StringBuilder(), t).toString();
      assertThat(java.time.Instant.parse(text))
          .isEqualTo(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
  }
}
