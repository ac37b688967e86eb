package org.yizhan.arrival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** Verifies the typical week and the forecast made from it, without a server. */
class ForecastTest {

  /** Monday 2026-11-02 00:00 in China, 2026-11-01T16:00Z: the start of an hour-of-week cycle. */
  private static final long MONDAY_HOUR =
      OffsetDateTime.parse("2026-11-02T00:00:00+08:00").toEpochSecond() / 3600;

  private static final Instant NOW = Instant.parse("2026-12-02T02:00:00Z"); // Wed 10:00 China

  @Test
  void hoursAreCountedInChinaTimeFromMondayMidnight() {
    ProfileBuilder b = new ProfileBuilder();
    // 2026-11-02T00:00Z is Monday 08:00 in China: hour 8 of the week, not hour 0.
    long utcMidnight = Instant.parse("2026-11-02T00:00:00Z").getEpochSecond() / 3600;
    for (int w = 0; w < 4; w++) {
      b.hour(0, "st-a", utcMidnight + w * 168L, 7.0 + w);
    }
    WeekProfile p = b.build(NOW).find("st-a");
    assertThat(p.typical(8)).isEqualTo(8.5);
    assertThat(p.weeks(8)).isEqualTo(4);
    assertThat(p.typical(0)).isNaN();
    assertThat(p.weeks(0)).isZero();
    // four weeks of 7, 8, 9, 10: their sample standard deviation
    assertThat(p.sigma()).isCloseTo(Math.sqrt(5.0 / 3), within(1e-6));
  }

  @Test
  void withoutALiveValueTheTypicalOccupancyAtArrivalGivesTheFreeSeats() {
    WeekProfile p = flat(4, 4.0);
    Prediction at = Forecast.predict(p, 10, Double.NaN, NOW, 7);
    assertThat(at.status()).isEqualTo(Prediction.Status.PREDICTED);
    assertThat(at.freeSeats()).isEqualTo(6);
    assertThat(at.historyWeeks()).isEqualTo(4);
    assertThat(at.live()).isFalse();
    assertThat(at.arrival()).isEqualTo(NOW.plusSeconds(7 * 60));
    assertThat(at.freeLow()).isLessThanOrEqualTo(6);
    assertThat(at.freeHigh()).isGreaterThanOrEqualTo(6);
  }

  @Test
  void theTypicalValueIsReadBetweenTheCentresOfTheNearestHours() {
    ProfileBuilder b = new ProfileBuilder();
    for (int w = 0; w < 4; w++) {
      for (int h = 0; h < 168; h++) {
        // Wednesday 10:00-11:00 China (hour 58) averages 2, 11:00-12:00 averages 8.
        b.hour(0, "st-a", MONDAY_HOUR + w * 168L + h, h == 59 ? 8.0 : 2.0);
      }
    }
    WeekProfile p = b.build(NOW).find("st-a");
    assertThat(Forecast.typicalAt(p, NOW.getEpochSecond() + 30 * 60)).isEqualTo(2.0);
    assertThat(Forecast.typicalAt(p, NOW.getEpochSecond() + 60 * 60)).isCloseTo(5.0, within(1e-9));
    assertThat(Forecast.typicalAt(p, NOW.getEpochSecond() + 90 * 60)).isEqualTo(8.0);
  }

  @Test
  void predictionsStayWithinZeroAndTheCapacity() {
    Prediction crowded = Forecast.predict(flat(4, 15.0), 10, 10, NOW, 5);
    assertThat(crowded.freeSeats()).isZero();
    assertThat(crowded.freeLow()).isZero();
    assertThat(crowded.freeHigh()).isBetween(0, 10);
    Prediction empty = Forecast.predict(flat(4, 0.0), 10, 0, NOW, 5);
    assertThat(empty.freeSeats()).isEqualTo(10);
    assertThat(empty.freeHigh()).isEqualTo(10);
    // far below typical now: the deviation would push occupancy below zero
    Prediction below = Forecast.predict(flat(4, 1.0), 10, 0, NOW, 0);
    assertThat(below.freeSeats()).isEqualTo(10);
  }

  @Test
  void fewerThanThreeOfTheLastFourWeeksGiveNoNumber() {
    Prediction two = Forecast.predict(flat(2, 4.0), 10, 3, NOW, 5);
    assertThat(two.status()).isEqualTo(Prediction.Status.INSUFFICIENT_HISTORY);
    assertThat(two.historyWeeks()).isEqualTo(2);
    assertThat(two.freeSeats()).isEqualTo(-1);
    assertThat(two.confidence()).isNull();
    Prediction none = Forecast.predict(null, 10, 3, NOW, 5);
    assertThat(none.status()).isEqualTo(Prediction.Status.INSUFFICIENT_HISTORY);
    assertThat(none.historyWeeks()).isZero();
    assertThat(Forecast.predict(flat(3, 4.0), 10, 3, NOW, 5).status())
        .isEqualTo(Prediction.Status.PREDICTED);
  }

  @Test
  void aLiveDepartureFromTheTypicalValueFadesWithTheMinutesAhead() {
    WeekProfile p = flat(4, 2.0); // typically 8 free
    int soon = Forecast.predict(p, 10, 8, NOW, 2).freeSeats();
    int later = Forecast.predict(p, 10, 8, NOW, 15).freeSeats();
    int far = Forecast.predict(p, 10, 8, NOW, 120).freeSeats();
    assertThat(soon).isLessThan(later);
    assertThat(later).isLessThanOrEqualTo(far);
    assertThat(soon).isLessThanOrEqualTo(4);
    assertThat(far).isBetween(7, 8);
    assertThat(Forecast.predict(p, 10, 8, NOW, 2).live()).isTrue();
  }

  /** Every hour of {@code weeks} weeks at the same mean, with a little spread between weeks. */
  static WeekProfile flat(int weeks, double mean) {
    ProfileBuilder b = new ProfileBuilder();
    for (int w = 0; w < weeks; w++) {
      for (int h = 0; h < 168; h++) {
        b.hour(0, "st-a", MONDAY_HOUR + w * 168L + h, mean + (w % 2 == 0 ? 0.5 : -0.5));
      }
    }
    return b.build(NOW).find("st-a");
  }
}
