package org.yizhan.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A time stamp for readings a test puts into "today" (China time) before asking the server about
 * today. Stamped from the wall clock, a test run in the last seconds before midnight would ask on
 * the next day, and one run in the first seconds after midnight would stamp yesterday; so near
 * midnight this waits until the new day is safely under way.
 */
public final class ChinaToday {

  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  /** How far in the past the stamp lies, so the server's later "now" is surely after it. */
  static final Duration BACK = Duration.ofSeconds(5);

  /** Time a test may take between stamping and the server answering for the same date. */
  static final Duration BEFORE_MIDNIGHT = Duration.ofSeconds(30);

  /** Past midnight, the stamp {@link #BACK} ago must still fall on the new date. */
  static final Duration AFTER_MIDNIGHT = BACK.plusSeconds(5);

  /** Waits for the given time; {@link Thread#sleep} outside tests of this class. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private ChinaToday() {}

  /** A stamp on today's China date, {@link #BACK} before now, far enough from midnight. */
  public static Instant stamp() throws InterruptedException {
    return stamp(Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
  }

  static Instant stamp(Clock clock, Sleeper sleeper) throws InterruptedException {
    Instant now = clock.instant();
    LocalDate date = now.atZone(CHINA).toLocalDate();
    Instant nextMidnight = date.plusDays(1).atStartOfDay(CHINA).toInstant();
    Instant lastMidnight = date.atStartOfDay(CHINA).toInstant();
    if (now.isAfter(nextMidnight.minus(BEFORE_MIDNIGHT))) {
      sleeper.sleep(Duration.between(now, nextMidnight.plus(AFTER_MIDNIGHT)));
    } else if (now.isBefore(lastMidnight.plus(AFTER_MIDNIGHT))) {
      sleeper.sleep(Duration.between(now, lastMidnight.plus(AFTER_MIDNIGHT)));
    } else {
      return now.minus(BACK);
    }
    return clock.instant().minus(BACK);
  }
}
