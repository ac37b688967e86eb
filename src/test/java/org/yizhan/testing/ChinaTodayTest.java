package org.yizhan.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies that readings stamped for "today" land on the date the server will answer for. */
class ChinaTodayTest {

  /** A clock the sleeper moves forward, so waiting takes no time. */
  private static final class SteppedClock extends Clock {
    Instant now;
    final List<Duration> slept = new ArrayList<>();

    SteppedClock(String chinaLocalTime) {
      now = java.time.LocalDateTime.parse(chinaLocalTime).atZone(ChinaToday.CHINA).toInstant();
    }

    void sleep(Duration d) {
      slept.add(d);
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static LocalDate chinaDate(Instant t) {
    return t.atZone(ChinaToday.CHINA).toLocalDate();
  }

  @Test
  void verifiesThatAtMiddayTheStampIsFiveSecondsAgoWithoutWaiting() throws Exception {
    SteppedClock clock = new SteppedClock("2026-07-15T12:00:00");

    Instant stamp = ChinaToday.stamp(clock, clock::sleep);

    assertThat(stamp).isEqualTo(clock.now.minusSeconds(5));
    assertThat(clock.slept).isEmpty();
  }

  @Test
  void verifiesThatTwoSecondsAfterMidnightTheStampIsNotYesterday() throws Exception {
    SteppedClock clock = new SteppedClock("2026-07-15T00:00:02");
    Instant start = clock.now;

    Instant stamp = ChinaToday.stamp(clock, clock::sleep);

    assertThat(chinaDate(start.minusSeconds(5))).as("the old now - 5 s").isEqualTo("2026-07-14");
    assertThat(chinaDate(stamp)).isEqualTo("2026-07-15");
    assertThat(stamp).isBefore(clock.now);
  }

  @Test
  void verifiesThatSecondsBeforeMidnightItWaitsForTheNewDay() throws Exception {
    SteppedClock clock = new SteppedClock("2026-07-15T23:59:58");

    Instant stamp = ChinaToday.stamp(clock, clock::sleep);

    assertThat(chinaDate(stamp)).isEqualTo("2026-07-16");
    assertThat(stamp).isBefore(clock.now);
    Instant nextMidnight = LocalDate.parse("2026-07-17").atStartOfDay(ChinaToday.CHINA).toInstant();
    assertThat(Duration.between(clock.now, nextMidnight)).isGreaterThan(Duration.ofHours(23));
  }
}
