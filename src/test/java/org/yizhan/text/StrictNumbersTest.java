package org.yizhan.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verifies that only plain ASCII decimal numbers are read as numbers. */
class StrictNumbersTest {

  @ParameterizedTest
  @ValueSource(strings = {"37", "-37.5", "0.1", ".5", "5.", "1e3", "1E-3", "-0"})
  void plainDecimalsAreRead(String s) {
    assertThat(StrictNumbers.decimal(s)).isEqualTo(Double.parseDouble(s));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x1p3",
        "5d",
        "5f",
        "+5",
        "３７",
        "١",
        "NaN",
        "Infinity",
        "1e400",
        "1e",
        "-",
        ".",
        "",
        " 5",
        "1_000",
        "1,5",
        "1e99999"
      })
  void anythingElseIsNotADecimal(String s) {
    assertThat(StrictNumbers.decimal(s)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "123456789012345678"})
  void plainIntegersAreRead(String s) {
    assertThat(StrictNumbers.integer(s)).isEqualTo(Long.parseLong(s));
  }

  @ParameterizedTest
  @ValueSource(strings = {"+1", "５", "١٢", "1.0", "1e3", "0x10", "1234567890123456789", "", "-"})
  void anythingElseIsNotAnInteger(String s) {
    assertThat(StrictNumbers.integer(s)).isNull();
  }
}
