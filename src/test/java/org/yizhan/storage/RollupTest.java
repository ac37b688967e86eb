package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RollupTest {

  @Test
  void bucketsStartAtMidnightInChina() {
    Instant t = Instant.parse("2026-12-05T03:37:18Z"); // 11:37 in China
    assertThat(Rollup.M15.floor(t)).isEqualTo(Instant.parse("2026-12-05T03:30:00Z"));
    assertThat(Rollup.H1.floor(t)).isEqualTo(Instant.parse("2026-12-05T03:00:00Z"));
    assertThat(Rollup.D1.floor(t)).isEqualTo(Instant.parse("2026-12-04T16:00:00Z"));
    // 23:59 in China on the 4th is still the 4th; a minute later is the 5th.
    assertThat(Rollup.D1.floor(Instant.parse("2026-12-04T15:59:00Z")))
        .isEqualTo(Instant.parse("2026-12-03T16:00:00Z"));
    assertThat(Rollup.D1.floor(Instant.parse("2026-12-04T16:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-04T16:00:00Z"));
    // Before the origin too.
    assertThat(Rollup.D1.floor(Instant.parse("1999-12-31T15:00:00Z")))
        .isEqualTo(Instant.parse("1999-12-30T16:00:00Z"));
  }

  @Test
  void theOriginConstantIsMidnightOfTheFirstOf2000InChina() {
    assertThat(Instant.ofEpochSecond(Rollup.ORIGIN_EPOCH_SECOND))
        .isEqualTo(OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(8)).toInstant());
    assertThat(Rollup.ORIGIN).contains("2000-01-01 00:00:00+08");
  }

  @Test
  void levelsByWidth() {
    assertThat(Rollup.ofWidth(Duration.ofMinutes(15))).isEqualTo(Rollup.M15);
    assertThat(Rollup.ofWidth(Duration.ofHours(1))).isEqualTo(Rollup.H1);
    assertThat(Rollup.ofWidth(Duration.ofDays(1))).isEqualTo(Rollup.D1);
    assertThat(Rollup.ofWidth(Duration.ofMinutes(5))).isNull();
    assertThat(Rollup.H1.interval()).isEqualTo("3600 seconds");
  }
}
