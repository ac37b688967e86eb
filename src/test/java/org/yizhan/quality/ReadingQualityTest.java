package org.yizhan.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.Reading;

/** The data-quality rules on synthetic series of readings from realistic and faulty sensors. */
class ReadingQualityTest {

  /** 08:00 in Beijing. */
  private static final Instant T0 = Instant.parse("2026-07-15T00:00:00Z");

  private static final int CAPACITY = 20;
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final ReadingQuality quality = new ReadingQuality(QualityRules.DEFAULTS);

  private int live(Reading r) {
    return quality.assess(r, CAPACITY, false);
  }

  private static Set<QualityFlag> flags(int mask) {
    return QualityFlag.fromMask(mask);
  }

  private static SyntheticSensor climate(String id) {
    SyntheticSensor s = new SyntheticSensor(id, T0);
    s.temperatureC = 24.5;
    s.humidityPct = 55.0;
    return s;
  }

  private static SyntheticSensor counter(String id) {
    SyntheticSensor s = new SyntheticSensor(id, T0);
    s.occupancy = 4;
    s.entries = 5_000L;
    s.exits = 4_996L;
    return s;
  }

  @Test
  void aNormalDayOfAJitteryCombinedSensorRaisesNoFlag() {
    Random rnd = new Random(20260715);
    SyntheticSensor s = new SyntheticSensor("dev-day", T0.minus(Duration.ofHours(8))); // midnight
    s.entries = 123_456L;
    s.exits = 123_456L;
    Deque<Instant> leaving = new ArrayDeque<>();
    List<Integer> flagged = new ArrayList<>();
    for (int minute = 0; minute < 24 * 60; minute++) {
      Instant t = s.time.plus(MINUTE);
      double hour = minute / 60.0;
      // Air conditioning holds 25-27 °C by day; at night the room drifts with the weather.
      s.temperatureC =
          round1(26 + 2.5 * Math.sin((hour - 9) / 24 * 2 * Math.PI) + gauss(rnd, 0.15));
      s.humidityPct = round1(60 + 8 * Math.cos(hour / 24 * 2 * Math.PI) + gauss(rnd, 0.8));
      // Workers drop in from 06:00 to 22:00 and stay 10 to 40 minutes.
      long out = 0;
      while (!leaving.isEmpty() && !leaving.peekFirst().isAfter(t)) {
        leaving.removeFirst();
        out++;
      }
      long in = 0;
      if (hour >= 6 && hour < 22) {
        int arriving = poisson(rnd, hour >= 11 && hour < 13 ? 1.2 : 0.4);
        in = Math.min(arriving, CAPACITY - leaving.size());
        for (int i = 0; i < in; i++) {
          leaving.add(t.plus(Duration.ofMinutes(10 + rnd.nextInt(31))));
        }
        List<Instant> sorted = new ArrayList<>(leaving);
        sorted.sort(null);
        leaving.clear();
        leaving.addAll(sorted);
      }
      s.entries += in;
      s.exits += out;
      s.occupancy = leaving.size();
      s.delay = Duration.ofMillis(200 + rnd.nextInt(2_800));
      Reading r = s.next(MINUTE);
      if (live(r) != QualityFlag.NONE) {
        flagged.add(minute);
      }
    }
    // A Wi-Fi drop: five readings queued on the device and sent live, in order, when it is back.
    Instant back = s.time.plus(Duration.ofMinutes(6));
    for (int i = 0; i < 5; i++) {
      s.next(MINUTE);
      if (live(s.receivedAt(back)) != QualityFlag.NONE) {
        flagged.add(-1);
      }
    }
    assertThat(flagged).as("minutes with a flag").isEmpty();
    assertThat(quality.flagged()).isEmpty();
  }

  @Test
  void aTemperatureFrozenForFourHoursIsStuckFromTheThirdHourUntilItMoves() {
    SyntheticSensor s = climate("dev-frozen");
    Random rnd = new Random(7);
    live(s.current());
    Instant frozenAt = s.time;
    for (int minute = 1; minute <= 4 * 60; minute++) {
      s.humidityPct = round1(55 + gauss(rnd, 1)); // humidity keeps moving: only temperature froze
      int mask = live(s.next(MINUTE));
      assertThat(flags(mask))
          .as("minute %d", minute)
          .isEqualTo(minute < 180 ? Set.of() : Set.of(QualityFlag.STUCK));
    }
    assertThat(quality.findFlags("dev-frozen").orElseThrow().since())
        .containsEntry(QualityFlag.STUCK, frozenAt.plus(Duration.ofHours(3)));
    s.temperatureC = 24.6;
    assertThat(live(s.next(MINUTE))).isZero();
    assertThat(quality.findFlags("dev-frozen")).isEmpty();
  }

  @Test
  void stuckNeedsSixReadingsNotJustThreeHours() {
    SyntheticSensor s = climate("dev-hourly");
    List<Integer> masks = new ArrayList<>();
    masks.add(live(s.current()));
    for (int hour = 1; hour <= 5; hour++) {
      masks.add(live(s.next(Duration.ofHours(1))));
    }
    int stuck = QualityFlag.STUCK.bit();
    assertThat(masks).containsExactly(0, 0, 0, 0, 0, stuck);
  }

  @Test
  void anOccupancyIdenticalAndNonZeroForFourHoursIsStuckButAnEmptyNightIsNot() {
    SyntheticSensor s = counter("dev-occ");
    s.occupancy = 3;
    s.entries = null;
    s.exits = null;
    live(s.current());
    for (int minute = 1; minute <= 5 * 60; minute++) {
      assertThat(flags(live(s.next(MINUTE))))
          .as("minute %d", minute)
          .isEqualTo(minute < 240 ? Set.of() : Set.of(QualityFlag.STUCK));
    }
    s.occupancy = 0;
    for (int minute = 1; minute <= 8 * 60; minute++) {
      assertThat(live(s.next(MINUTE))).as("night minute %d", minute).isZero();
    }
  }

  @Test
  void aRebootThatRestartsSeqAndRestoresOlderCountersIsNotACounterGoingBackwards() {
    SyntheticSensor s = counter("dev-reboot");
    s.seq = 88_000;
    long savedEntries = s.entries;
    long savedExits = s.exits;
    for (int i = 0; i < 60; i++) {
      s.entries += 2;
      s.exits += 2;
      assertThat(live(s.next(MINUTE))).isZero();
    }
    // Power cut: the firmware lost its sequence number and restored the counters it had saved to
    // flash an hour ago, 120 below what it had counted since.
    s.seq = -1; // next() makes it 0
    s.entries = savedEntries;
    s.exits = savedExits;
    s.occupancy = 0;
    assertThat(live(s.next(Duration.ofSeconds(40)))).isZero();
    for (int i = 0; i < 10; i++) {
      s.entries += 1;
      s.exits += 1;
      assertThat(live(s.next(MINUTE))).isZero();
    }
    // The same drop with the sequence number carrying on is no reboot.
    s.entries -= 120;
    assertThat(flags(live(s.next(MINUTE)))).containsExactly(QualityFlag.COUNTER_BACKWARDS);
  }

  @Test
  void aCounterResetWhileSeqCarriesOnAndAWrapPastTwoToTheThirtyTwoAreNotFlagged() {
    SyntheticSensor s = counter("dev-reset");
    live(s.current());
    s.entries = 3L; // restarted from zero, seq kept in flash
    s.exits = 0L;
    assertThat(live(s.next(MINUTE))).isZero();

    SyntheticSensor w = counter("dev-wrap");
    w.entries = 4_294_967_290L;
    live(w.current());
    w.entries = 5L; // 2^32 - 1 passed: 11 people later
    assertThat(live(w.next(MINUTE))).isZero();
  }

  @Test
  void aCounterThatGenuinelyGoesBackwardsIsFlaggedOnce() {
    SyntheticSensor s = counter("dev-back");
    live(s.current());
    s.entries = 4_990L;
    assertThat(flags(live(s.next(MINUTE)))).containsExactly(QualityFlag.COUNTER_BACKWARDS);
    s.entries = 4_991L;
    assertThat(live(s.next(MINUTE))).as("judged afresh from the new value").isZero();
  }

  @Test
  void countersAndOccupancyFasterThanADoorAreJumpsButALunchRushIsNot() {
    SyntheticSensor s = counter("dev-jump");
    live(s.current());
    s.entries = 5_500L; // 500 people in a minute
    assertThat(flags(live(s.next(MINUTE)))).containsExactly(QualityFlag.COUNTER_JUMP);
    s.entries = 5_001L; // it was a glitch: the one bad reading is flagged, the good one after not
    assertThat(live(s.next(MINUTE))).isZero();

    SyntheticSensor big = counter("dev-union-home");
    big.occupancy = 10;
    quality.assess(big.current(), 300, false);
    big.occupancy = 250;
    assertThat(flags(quality.assess(big.next(MINUTE), 300, false)))
        .containsExactly(QualityFlag.COUNTER_JUMP);

    SyntheticSensor rush = counter("dev-rush");
    rush.occupancy = 10;
    quality.assess(rush.current(), 50, false);
    rush.occupancy = 40;
    rush.entries += 31;
    rush.exits += 1;
    assertThat(quality.assess(rush.next(MINUTE), 50, false)).isZero();
  }

  @Test
  void aRedeliveredLatestReadingGetsTheSameVerdictAndLeavesTheStateAsItWas() {
    Random rnd = new Random(3);
    ReadingQuality clean = new ReadingQuality(QualityRules.DEFAULTS);
    SyntheticSensor s = counter("dev-redeliver");
    s.temperatureC = 24.5;
    int redeliveries = 0;
    for (int minute = 0; minute < 5 * 60; minute++) {
      s.entries += rnd.nextInt(3);
      if (minute == 100) {
        s.entries += 900; // a glitch, flagged
      }
      Reading r = s.next(MINUTE);
      int expected = clean.assess(r, CAPACITY, false);
      assertThat(live(r)).isEqualTo(expected);
      if (rnd.nextInt(4) == 0 || minute == 100 || minute == 250) {
        // Resent ten minutes later (the PUBACK was lost): as live, so a re-judgement would
        // see a ten-minute lag, and a stuck run would count it twice.
        Reading again = s.receivedAt(r.receivedAt().plus(Duration.ofMinutes(10)));
        assertThat(live(again)).as("minute %d", minute).isEqualTo(expected);
        redeliveries++;
      }
    }
    assertThat(redeliveries).isGreaterThan(50);
    assertThat(flags(clean.findFlags("dev-redeliver").orElseThrow().mask()))
        .as("the frozen temperature was found stuck in both")
        .containsExactly(QualityFlag.STUCK);
    assertThat(quality.flagged()).isEqualTo(clean.flagged());
  }

  @Test
  void backfilledReadingsOlderThanTheLatestRaiseNoFalseFlagAndDisturbNothing() {
    SyntheticSensor s = counter("dev-backfill");
    s.temperatureC = 24.5;
    List<Reading> buffered = new ArrayList<>();
    // Live for 3.5 h with a frozen temperature; meanwhile a second sensor board's older
    // readings sit in the buffer and arrive later as a batch.
    for (int minute = 1; minute <= 210; minute++) {
      s.entries += 1;
      s.exits += 1;
      Reading r = s.next(MINUTE);
      live(r);
      if (minute % 10 == 0) {
        buffered.add(
            new Reading(
                r.stationId(),
                r.deviceId(),
                r.seq(),
                r.time(),
                r.occupancy(),
                r.entries() - 1,
                r.exits() - 1,
                23.0 + minute / 100.0,
                null,
                null,
                null,
                null,
                r.receivedAt()));
      }
    }
    assertThat(flags(live(s.current()))).containsExactly(QualityFlag.STUCK);
    Instant now = s.time.plus(MINUTE);
    for (Reading old : buffered) {
      Reading sent =
          new Reading(
              old.stationId(),
              old.deviceId(),
              old.seq() - 1,
              old.time().minusSeconds(30),
              old.occupancy(),
              old.entries(),
              old.exits(),
              old.temperatureC(),
              null,
              null,
              null,
              null,
              now);
      assertThat(quality.assess(sent, CAPACITY, true)).as("backfilled %s", sent.time()).isZero();
    }
    s.entries += 1;
    s.exits += 1;
    assertThat(flags(live(s.next(MINUTE))))
        .as("still stuck, counters still judged against the latest")
        .containsExactly(QualityFlag.STUCK);
  }

  @Test
  void aBatchAfterAnOutageIsJudgedInOrderWithoutClockComplaints() {
    SyntheticSensor s = counter("dev-outage");
    s.temperatureC = 24.0;
    live(s.current());
    List<Reading> batch = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      s.entries += 1;
      s.temperatureC += 0.1;
      batch.add(s.next(MINUTE));
    }
    Instant sentAt = s.time.plus(Duration.ofSeconds(20));
    for (Reading r : batch) {
      Reading late =
          new Reading(
              r.stationId(),
              r.deviceId(),
              r.seq(),
              r.time(),
              r.occupancy(),
              r.entries(),
              r.exits(),
              r.temperatureC(),
              r.humidityPct(),
              null,
              null,
              null,
              sentAt);
      assertThat(quality.assess(late, CAPACITY, true)).as("buffered %s", r.time()).isZero();
    }
    s.entries = batch.get(batch.size() - 1).entries() - 7;
    assertThat(flags(live(s.next(MINUTE))))
        .as("judged against the batch's newest reading")
        .containsExactly(QualityFlag.COUNTER_BACKWARDS);
  }

  @Test
  void aDeviceClockAheadOfTheServerIsClockOffEvenInABatch() {
    SyntheticSensor s = climate("dev-ahead");
    s.delay = Duration.ofMinutes(-3);
    assertThat(flags(live(s.current()))).containsExactly(QualityFlag.CLOCK_OFF);
    assertThat(flags(quality.assess(s.next(MINUTE), CAPACITY, true)))
        .containsExactly(QualityFlag.CLOCK_OFF);
    s.delay = Duration.ofSeconds(-100);
    assertThat(live(s.next(MINUTE))).as("within 120 s").isZero();
  }

  @Test
  void aDeviceClockBehindIsClockOffButOneLateDeliveryAmongPunctualOnesIsNot() {
    SyntheticSensor behind = climate("dev-behind");
    behind.delay = Duration.ofMinutes(10);
    Random rnd = new Random(11);
    for (int i = 0; i < 20; i++) {
      behind.temperatureC = round1(25 + gauss(rnd, 0.3));
      assertThat(flags(live(behind.next(MINUTE))))
          .as("reading %d", i)
          .containsExactly(QualityFlag.CLOCK_OFF);
    }

    SyntheticSensor punctual = climate("dev-punctual");
    for (int i = 0; i < 20; i++) {
      punctual.temperatureC = round1(25 + gauss(rnd, 0.3));
      punctual.delay = i == 12 ? Duration.ofMinutes(5) : Duration.ofSeconds(1);
      assertThat(live(punctual.next(MINUTE))).as("reading %d", i).isZero();
    }
  }

  @Test
  void occupancyAboveCapacityIsInvalidAndTheNextValidValueIsNotAJump() {
    SyntheticSensor s = counter("dev-over");
    s.occupancy = 20;
    assertThat(live(s.current())).as("full is fine").isZero();
    s.occupancy = 21;
    assertThat(flags(live(s.next(MINUTE)))).containsExactly(QualityFlag.OVER_CAPACITY);
    s.occupancy = 200; // the counter has lost track: invalid, but not judged against 21
    assertThat(flags(live(s.next(MINUTE)))).containsExactly(QualityFlag.OVER_CAPACITY);
    s.occupancy = 5; // nor is the valid value after it judged against 200
    assertThat(live(s.next(MINUTE))).isZero();
    s.occupancy = 500;
    assertThat(flags(quality.assess(s.next(MINUTE), 0, false)))
        .as("no capacity rule without a capacity")
        .doesNotContain(QualityFlag.OVER_CAPACITY);
  }

  @Test
  void implausibleTemperaturesAndHumiditiesAreOutOfRange() {
    SyntheticSensor s = climate("dev-range");
    s.temperatureC = 85.0; // a DS18B20 that has just powered up
    assertThat(flags(live(s.current()))).containsExactly(QualityFlag.OUT_OF_RANGE);
    s.temperatureC = 55.0; // a steel container in Turpan whose AC has failed: real, keep it
    assertThat(live(s.next(MINUTE))).isZero();
    s.temperatureC = -35.0;
    assertThat(flags(live(s.next(MINUTE)))).containsExactly(QualityFlag.OUT_OF_RANGE);
    s.temperatureC = 20.0;
    s.humidityPct = 0.0;
    assertThat(flags(live(s.next(MINUTE)))).containsExactly(QualityFlag.OUT_OF_RANGE);
    s.humidityPct = 100.0;
    assertThat(live(s.next(MINUTE))).isZero();
  }

  @Test
  void flagsHaveStableBitsAndCodesAndMasksRoundTrip() {
    assertThat(QualityFlag.OUT_OF_RANGE.bit()).isEqualTo(1);
    assertThat(QualityFlag.OVER_CAPACITY.bit()).isEqualTo(2);
    assertThat(QualityFlag.COUNTER_BACKWARDS.bit()).isEqualTo(4);
    assertThat(QualityFlag.COUNTER_JUMP.bit()).isEqualTo(8);
    assertThat(QualityFlag.CLOCK_OFF.bit()).isEqualTo(16);
    assertThat(QualityFlag.STUCK.bit()).isEqualTo(32);
    assertThat(QualityFlag.values())
        .extracting(QualityFlag::code)
        .containsExactly(
            "out_of_range",
            "over_capacity",
            "counter_backwards",
            "counter_jump",
            "clock_off",
            "stuck");
    for (int mask = 0; mask < 64; mask++) {
      Set<QualityFlag> set = QualityFlag.fromMask(mask);
      assertThat(QualityFlag.mask(set)).isEqualTo(mask);
      assertThat(set).hasSize(Integer.bitCount(mask));
    }
    assertThat(QualityFlag.mask(EnumSet.of(QualityFlag.STUCK, QualityFlag.CLOCK_OFF)))
        .isEqualTo(48)
        .isLessThanOrEqualTo(Short.MAX_VALUE);
    assertThat(QualityFlag.fromMask(1 | 1 << 14))
        .as("a newer version's bit is ignored")
        .containsExactly(QualityFlag.OUT_OF_RANGE);
    assertThat(QualityFlag.findByCode("counter_jump")).contains(QualityFlag.COUNTER_JUMP);
  }

  @Test
  void theAdminViewListsOnlyDevicesWhoseLatestReadingIsFlaggedWithSinceWhen() {
    SyntheticSensor ok = climate("dev-ok");
    SyntheticSensor hot = climate("dev-85");
    live(ok.current());
    hot.temperatureC = 85.0;
    live(hot.current());
    Instant first = hot.time;
    hot.delay = Duration.ofMinutes(-3);
    live(hot.next(MINUTE));
    DeviceFlags f = quality.flagged().get("dev-85");
    assertThat(quality.flagged()).containsOnlyKeys("dev-85");
    assertThat(f.since())
        .containsEntry(QualityFlag.OUT_OF_RANGE, first)
        .containsEntry(QualityFlag.CLOCK_OFF, hot.time);
    assertThat(f.json().getJsonObject("flags").getString("out_of_range"))
        .isEqualTo(first.toString());
    hot.temperatureC = 24.0;
    hot.delay = Duration.ofSeconds(1);
    live(hot.next(MINUTE));
    assertThat(quality.flagged()).isEmpty();
  }

  @Test
  void aHundredCountersSendingJitteryGoodReadingsRaiseNoFlag() {
    // What judging such a stream allocates is measured in bench/ (QualityAllocationBenchmark).
    List<SyntheticSensor> sensors = new ArrayList<>();
    for (int d = 0; d < 100; d++) {
      sensors.add(counter("dev-good-" + d));
    }
    Random rnd = new Random(5);
    int flaggedCount = 0;
    for (int minute = 0; minute < 400; minute++) {
      for (SyntheticSensor s : sensors) {
        s.entries += rnd.nextInt(2);
        s.exits += rnd.nextInt(2);
        s.temperatureC = 25.0 + rnd.nextInt(10) / 10.0;
        s.humidityPct = 50.0 + rnd.nextInt(10);
        s.occupancy = rnd.nextInt(6);
        flaggedCount += live(s.next(MINUTE)) == 0 ? 0 : 1;
      }
    }
    assertThat(flaggedCount).isZero();
    assertThat(quality.flagged()).isEmpty();
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double gauss(Random rnd, double sigma) {
    return rnd.nextGaussian() * sigma;
  }

  private static int poisson(Random rnd, double lambda) {
    double l = Math.exp(-lambda);
    double p = 1;
    int k = 0;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
