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
}
