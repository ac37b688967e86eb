package org.yizhan.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.Reading;

/**
 * Every threshold of the default rules pinned at its edge: the limit itself passes, the next step
 * past it is flagged. Also the order of readings within a second, by their fractions.
 */
class QualityThresholdsTest {

  private static final Instant T = Instant.parse("2026-07-01T04:00:00Z");
  private static final int NO_CAPACITY = 0;

  private final ReadingQuality quality = new ReadingQuality(QualityRules.DEFAULTS);
  private int devices;

  /** A reading builder: device, seq, device time, receipt (= device time unless set). */
  private static final class R {
    String device = "dev";
    long seq;
    Instant time = T;
    Instant received;
    Integer occupancy;
    Long entries;
    Long exits;
    Double temperature;
    Double humidity;

    Reading build() {
      return new Reading(
          "st",
          device,
          seq,
          time,
          occupancy,
          entries,
          exits,
          temperature,
          humidity,
          null,
          null,
          null,
          received == null ? time : received);
    }
  }

  private R r(long seq, Instant time) {
    R r = new R();
    r.seq = seq;
    r.time = time;
    return r;
  }

  private Set<QualityFlag> judge(R r, int capacity) {
    return flags(quality.assess(r.build(), capacity, false));
  }

  private Set<QualityFlag> judge(R r) {
    return judge(r, NO_CAPACITY);
  }

  private static Set<QualityFlag> flags(int mask) {
    Set<QualityFlag> out = EnumSet.noneOf(QualityFlag.class);
    out.addAll(QualityFlag.fromMask(mask));
    return out;
  }

  private R fresh(long seq, Instant time) {
    R r = r(seq, time);
    r.device = "dev-" + devices++;
    return r;
  }

  @Test
  void plausibleRangesIncludeTheirLimits() {
    for (double ok : new double[] {-30, 60}) {
      R r = fresh(1, T);
      r.temperature = ok;
      assertThat(judge(r)).as("%s °C", ok).isEmpty();
    }
    for (double bad : new double[] {-30.1, 60.1}) {
      R r = fresh(1, T);
      r.temperature = bad;
      assertThat(judge(r)).as("%s °C", bad).containsExactly(QualityFlag.OUT_OF_RANGE);
    }
    for (double ok : new double[] {1, 100}) {
      R r = fresh(1, T);
      r.humidity = ok;
      assertThat(judge(r)).as("%s %%", ok).isEmpty();
    }
    for (double bad : new double[] {0.9, 100.1}) {
      R r = fresh(1, T);
      r.humidity = bad;
      assertThat(judge(r)).as("%s %%", bad).containsExactly(QualityFlag.OUT_OF_RANGE);
    }
  }

  @Test
  void aClockAheadByExactlyTheLimitIsNotOff() {
    R atLimit = fresh(1, T);
    atLimit.received = T.minusSeconds(120);
    atLimit.occupancy = 1;
    assertThat(judge(atLimit)).isEmpty();

    R beyond = fresh(1, T);
    beyond.received = T.minusSeconds(120).minusMillis(1);
    beyond.occupancy = 1;
    assertThat(judge(beyond)).containsExactly(QualityFlag.CLOCK_OFF);
  }

  @Test
  void aLiveLagOfExactlyTheLimitIsNotOff() {
    R atLimit = fresh(1, T);
    atLimit.received = T.plusSeconds(120);
    assertThat(judge(atLimit)).isEmpty();

    R beyond = fresh(1, T);
    beyond.received = T.plusSeconds(120).plusMillis(1);
    assertThat(judge(beyond)).containsExactly(QualityFlag.CLOCK_OFF);
  }

  @Test
  void aRecentReadingLateByExactlyTheLimitStillExcusesALateOne() {
    R first = r(1, T);
    first.received = T.plusSeconds(120);
    assertThat(judge(first)).isEmpty();

    R late = r(2, T.plusSeconds(60));
    late.received = T.plusSeconds(60 + 300);
    assertThat(judge(late)).isEmpty();
  }

  @Test
  void anOlderLiveReadingIsClockOffWhenNoRecentReadingWasPunctual() {
    R latest = r(2, T);
    latest.received = T.plusSeconds(600);
    assertThat(judge(latest)).containsExactly(QualityFlag.CLOCK_OFF);

    R older = r(1, T.minusSeconds(60));
    older.received = T.plusSeconds(601);
    assertThat(judge(older)).containsExactly(QualityFlag.CLOCK_OFF);

    R olderAtLimit = r(0, T.minusSeconds(120));
    olderAtLimit.received = T;
    assertThat(judge(olderAtLimit)).as("a lag of exactly the limit").isEmpty();

    R backfilled = r(0, T.minusSeconds(3600));
    backfilled.received = T.plusSeconds(602);
    assertThat(flags(quality.assess(backfilled.build(), NO_CAPACITY, true))).isEmpty();
  }

  @Test
  void anOlderLiveReadingIsExcusedByARecentOneLateByExactlyTheLimit() {
    R latest = r(2, T);
    latest.received = T.plusSeconds(120);
    assertThat(judge(latest)).isEmpty();

    R older = r(1, T.minusSeconds(60));
    older.received = T.plusSeconds(240);
    assertThat(judge(older)).isEmpty();
  }

  @Test
  void readingsWithinOneSecondAreOrderedByTheirFraction() {
    R a = r(1, T.plusMillis(100));
    a.entries = 0L;
    judge(a);
    R b = r(2, T.plusMillis(900));
    b.entries = 1_000L;
    assertThat(judge(b)).as("newer, so judged against a").containsExactly(QualityFlag.COUNTER_JUMP);

    R c = r(1, T.plusMillis(900));
    c.device = "dev-fraction";
    c.entries = 0L;
    judge(c);
    R d = r(2, T.plusSeconds(1));
    d.device = "dev-fraction";
    d.entries = 1_000L;
    assertThat(judge(d)).containsExactly(QualityFlag.COUNTER_JUMP);
  }

  @Test
  void theSameSeqLaterIsNoReboot() {
    R a = r(5, T);
    a.entries = 100L;
    judge(a);
    R b = r(5, T.plusSeconds(60));
    b.entries = 1_000L;

    assertThat(judge(b)).containsExactly(QualityFlag.COUNTER_JUMP);
  }

  @Test
  void aSecondReadingAtTheSameTimeIsOrderedBySeq() {
    R a = r(5, T);
    a.entries = 100L;
    judge(a);
    R higher = r(6, T);
    higher.entries = 5_000L;
    assertThat(judge(higher)).containsExactly(QualityFlag.COUNTER_JUMP);

    R b = r(5, T);
    b.device = "dev-b";
    b.entries = 100L;
    judge(b);
    R lower = r(4, T);
    lower.device = "dev-b";
    lower.entries = 5_000L;
    assertThat(judge(lower)).as("older: changes nothing").isEmpty();
    R next = r(6, T.plusSeconds(60));
    next.device = "dev-b";
    next.entries = 170L;
    assertThat(judge(next)).as("still judged against 100").isEmpty();
  }

  @Test
  void aCounterMayAddExactlyTheBurstPlusTheDoorRate() {
    for (boolean exits : new boolean[] {false, true}) {
      R a = fresh(1, T);
      set(a, exits, 100);
      judge(a);
      R atLimit = r(2, T.plusSeconds(60));
      atLimit.device = a.device;
      set(atLimit, exits, 170); // 10 at once + 60 in a minute
      assertThat(judge(atLimit)).as("exits %s", exits).isEmpty();

      R b = fresh(1, T);
      set(b, exits, 100);
      judge(b);
      R beyond = r(2, T.plusSeconds(60));
      beyond.device = b.device;
      set(beyond, exits, 171);
      assertThat(judge(beyond)).as("exits %s", exits).containsExactly(QualityFlag.COUNTER_JUMP);
    }
  }

  @Test
  void aDropToAtMostThePeopleThatCouldPassIsAReset() {
    for (boolean exits : new boolean[] {false, true}) {
      R a = fresh(1, T);
      set(a, exits, 500);
      judge(a);
      R reset = r(2, T.plusSeconds(60));
      reset.device = a.device;
      set(reset, exits, 70);
      assertThat(judge(reset)).as("exits %s", exits).isEmpty();

      R b = fresh(1, T);
      set(b, exits, 500);
      judge(b);
      R back = r(2, T.plusSeconds(60));
      back.device = b.device;
      set(back, exits, 71);
      assertThat(judge(back)).as("exits %s", exits).containsExactly(QualityFlag.COUNTER_BACKWARDS);
    }
  }

  @Test
  void aCounterAtZeroIsABaseline() {
    for (boolean exits : new boolean[] {false, true}) {
      R a = fresh(1, T);
      set(a, exits, 0);
      judge(a);
      R jump = r(2, T.plusSeconds(1));
      jump.device = a.device;
      set(jump, exits, 1_000);
      assertThat(judge(jump)).as("exits %s", exits).containsExactly(QualityFlag.COUNTER_JUMP);
    }
  }

  @Test
  void anExitsGlitchFlagsOneReadingAndTheNextValueIsTheNewBaseline() {
    R a = r(1, T);
    a.exits = 100L;
    judge(a);
    R glitch = r(2, T.plusSeconds(1));
    glitch.exits = 5_000L;
    assertThat(judge(glitch)).containsExactly(QualityFlag.COUNTER_JUMP);
    R next = r(3, T.plusSeconds(2));
    next.exits = 5_001L;
    assertThat(judge(next)).isEmpty();
    assertThat(quality.rules()).isSameAs(QualityRules.DEFAULTS);
  }

  @Test
  void afterARebootExitsRestartWithoutJudgement() {
    R a = r(10, T);
    a.exits = 5_000L;
    judge(a);
    R reboot = r(1, T.plusSeconds(60));
    reboot.exits = 4_000L;

    assertThat(judge(reboot)).isEmpty();
  }

  @Test
  void anOccupancyMayChangeByExactlyTheBurstPlusTheDoorRate() {
    R a = fresh(1, T);
    a.occupancy = 5;
    judge(a);
    R atLimit = r(2, T.plusSeconds(60));
    atLimit.device = a.device;
    atLimit.occupancy = 75;
    assertThat(judge(atLimit)).isEmpty();

    R b = fresh(1, T);
    b.occupancy = 5;
    judge(b);
    R beyond = r(2, T.plusSeconds(60));
    beyond.device = b.device;
    beyond.occupancy = 76;
    assertThat(judge(beyond)).containsExactly(QualityFlag.COUNTER_JUMP);
  }

  @Test
  void anEmptyStationIsABaselineForOccupancy() {
    R a = fresh(1, T);
    a.occupancy = 0;
    judge(a);
    R jump = r(2, T.plusSeconds(1));
    jump.device = a.device;
    jump.occupancy = 50;

    assertThat(judge(jump)).containsExactly(QualityFlag.COUNTER_JUMP);
  }

  @Test
  void anOccupancyChangeLargerThanTheStationIsAJumpHoweverSlow() {
    R a = fresh(1, T);
    a.occupancy = 0;
    judge(a, 20);
    R whole = r(2, T.plusSeconds(3600));
    whole.device = a.device;
    whole.occupancy = 20;
    assertThat(judge(whole, 20)).as("exactly the capacity").isEmpty();

    R b = fresh(1, T);
    b.occupancy = 2;
    judge(b, 20);
    R over = r(2, T.plusSeconds(3600));
    over.device = b.device;
    over.occupancy = 25;
    assertThat(judge(over, 20))
        .containsExactlyInAnyOrder(QualityFlag.OVER_CAPACITY, QualityFlag.COUNTER_JUMP);
  }

  @Test
  void aFullStationIsAValidBaseline() {
    R full = fresh(1, T);
    full.occupancy = 20;
    assertThat(judge(full, 20)).isEmpty();
    R empty = r(2, T.plusSeconds(1));
    empty.device = full.device;
    empty.occupancy = 0;

    assertThat(judge(empty, 20)).containsExactly(QualityFlag.COUNTER_JUMP);
  }

  @Test
  void stuckAtExactlySixReadingsAndExactlyTheDuration() {
    Duration climateStep = Duration.ofMinutes(36); // 5 steps: 3 h
    Duration occupancyStep = Duration.ofMinutes(48); // 5 steps: 4 h
    for (String what : new String[] {"temperature", "humidity", "occupancy"}) {
      String device = "dev-stuck-" + what;
      Duration step = what.equals("occupancy") ? occupancyStep : climateStep;
      for (int i = 0; i < 6; i++) {
        R r = r(i + 1, T.plus(step.multipliedBy(i)));
        r.device = device;
        switch (what) {
          case "temperature" -> r.temperature = 22.0;
          case "humidity" -> r.humidity = 45.0;
          default -> r.occupancy = 3;
        }
        Set<QualityFlag> got = judge(r, 10);
        if (i < 5) {
          assertThat(got).as("%s reading %d", what, i + 1).isEmpty();
        } else {
          assertThat(got).as("%s reading 6", what).containsExactly(QualityFlag.STUCK);
        }
      }
    }
  }

  @Test
  void aFirstValueOfZeroStartsItsOwnRun() {
    for (String what : new String[] {"temperature", "humidity"}) {
      String device = "dev-zero-" + what;
      for (int i = 0; i < 6; i++) {
        R r = r(i + 1, T.plus(Duration.ofMinutes(10L * i)));
        r.device = device;
        if (what.equals("temperature")) {
          r.temperature = 0.0;
        } else {
          r.humidity = 0.0;
        }
        // 0 % humidity is out of range, and still no run of the sensor's starting value.
        Set<QualityFlag> expected =
            what.equals("humidity") ? Set.of(QualityFlag.OUT_OF_RANGE) : Set.of();
        assertThat(judge(r, 10)).as("%s reading %d", what, i + 1).isEqualTo(expected);
      }
    }
  }

  @Test
  void anEmptyStationEndsAnOccupancyRun() {
    R first = r(1, T.minus(Duration.ofHours(5)));
    first.occupancy = 5;
    judge(first, 10);
    R empty = r(2, T.minus(Duration.ofHours(5)).plusSeconds(600));
    empty.occupancy = 0;
    judge(empty, 10);
    for (int i = 0; i < 6; i++) {
      R r = r(3 + i, T.plus(Duration.ofMinutes(10L * i)));
      r.occupancy = 5;
      assertThat(judge(r, 10)).as("reading %d after the empty one", i + 1).isEmpty();
    }
  }

  private static void set(R r, boolean exits, long value) {
    if (exits) {
      r.exits = value;
    } else {
      r.entries = value;
    }
  }
}
