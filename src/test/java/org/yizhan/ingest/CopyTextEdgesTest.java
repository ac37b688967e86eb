package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.Reading;

/** COPY text at its edges: the longest ids in the smallest buffer, the extreme counter values. */
class CopyTextEdgesTest {

  private static final Instant T = Instant.parse("2026-07-01T04:05:06Z");

  @Test
  void theLongestIdsGrowTheSmallestBuffer() {
    String station = "s".repeat(64);
    String device = "d".repeat(64);
    CopyText text = new CopyText(0);

    text.append(
        new Reading(station, device, 1, T, null, null, null, null, null, null, null, null, T));

    String expected =
        "2026-07-01 04:05:06+00\t"
            + station
            + "\t"
            + device
            + "\t1\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t2026-07-01 04:05:06+00\t\\N\n";
    assertThat(text.toString()).isEqualTo(expected);
    assertThat(text.length()).isEqualTo(expected.length());
    assertThat(Arrays.copyOf(text.bytes(), text.length()))
        .isEqualTo(expected.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void extremeCountersAreWrittenExactly() {
    CopyText text = new CopyText(64);

    text.append(
        new Reading(
            "st", "dev", 0, T, 0, Long.MIN_VALUE, Long.MAX_VALUE, -0.5, 100.0, 0, -120, null, T));

    assertThat(text.toString().split("\t", -1))
        .containsSubsequence("0", "0", "-9223372036854775808", "9223372036854775807", "-0.5");
  }
}
