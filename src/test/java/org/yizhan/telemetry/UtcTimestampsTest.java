package org.yizhan.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcTimestampsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-07-15T04:30:00Z",
        "1970-01-01T00:00:00Z",
        "2024-02-29T23:59:59Z",
        "2026-12-31T23:59:59.9Z",
        "2026-07-15T04:30:00.25Z",
        "2026-07-15T04:30:00.125Z",
        "2026-07-15T04:30:00.000001Z",
        "2026-07-15T04:30:00.1234567Z",
        "2026-07-15T04:30:00.999999999Z",
        "9999-12-31T23:59:59Z",
      })
  void agreesWithInstantParse(String ts) {
    assertThat(UtcTimestamps.parse(ts)).isEqualTo(Instant.parse(ts));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-07-15T24:00:00Z",
        "2026-07-15T23:59:60Z",
        "2026-07-15T04:30:00",
        "2026-07-15T04:30:00.Z",
        "2026-07-15T04:30:00.1234567890Z",
        "2026-07-15 04:30:00Z",
        "2026-07-15T04:30:0xZ",
        "",
      })
  void refusesWhatIsNotAnInstantOfTheContract(String ts) {
    assertThatThrownBy(() -> UtcTimestamps.parse(ts)).isInstanceOf(DateTimeException.class);
  }
}
