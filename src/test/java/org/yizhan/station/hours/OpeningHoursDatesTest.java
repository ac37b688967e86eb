package org.yizhan.station.hours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.station.hours.OpenState.CLOSED;
import static org.yizhan.station.hours.OpenState.OPEN;
import static org.yizhan.station.hours.OpenState.UNKNOWN;
import static org.yizhan.station.hours.OpeningHoursTest.at;
import static org.yizhan.station.hours.OpeningHoursTest.hours;
import static org.yizhan.station.hours.OpeningHoursTest.june;

import org.junit.jupiter.api.Test;

/** Date-dependent selectors and the features we deliberately answer with UNKNOWN. */
class OpeningHoursDatesTest {

  @Test
  void monthRangeAppliesOnlyInsideThoseMonths() {
    OpeningHours h = hours("Jan-Mar 08:00-18:00");
    assertThat(h.stateAt(at(2025, 1, 1, 12, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(at(2025, 2, 10, 12, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(at(2025, 3, 31, 12, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(at(2025, 4, 1, 12, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(at(2025, 12, 31, 12, 0))).isEqualTo(CLOSED);
  }

  @Test
  void dateRangeWrappingTheYearEndClosesBothSidesOfNewYear() {
    OpeningHours h = hours("Mo-Su 08:00-18:00; Dec 24-Jan 02 off");
    assertThat(h.stateAt(at(2025, 12, 23, 12, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(at(2025, 12, 24, 12, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(at(2025, 12, 31, 12, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(at(2026, 1, 1, 12, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(at(2026, 1, 2, 12, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(at(2026, 1, 3, 12, 0))).isEqualTo(OPEN);
  }

  @Test
  void seasonalDateRangeCombinesWithWeekdaysAndTimes() {
    OpeningHours h = hours("May 01-Oct 31 Mo-Su 06:00-22:00");
    assertThat(h.stateAt(at(2025, 5, 1, 6, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(at(2025, 10, 31, 21, 59))).isEqualTo(OPEN);
    assertThat(h.stateAt(at(2025, 4, 30, 21, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(at(2025, 11, 1, 7, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(at(2025, 7, 15, 5, 59))).isEqualTo(CLOSED);
  }

  @Test
  void singleDatesAndShortDayRangesWithinAMonth() {
    OpeningHours h = hours("Mo-Su 09:00-17:00; Jan 10-20 off; Oct 01 off");
    assertThat(h.stateAt(at(2026, 1, 9, 12, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(at(2026, 1, 15, 12, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(at(2026, 1, 21, 12, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(at(2025, 10, 1, 12, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(at(2025, 10, 2, 12, 0))).isEqualTo(OPEN);
  }

  @Test
  void yearsAndExplicitDatedRangesAreHonoured() {
    OpeningHours h = hours("2025 Mo-Fr 08:00-18:00");
    assertThat(h.stateAt(june(4, 12, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(at(2026, 6, 3, 12, 0))).isEqualTo(CLOSED);
    OpeningHours dated = hours("2025 Dec 20-2026 Jan 05 10:00-12:00");
    assertThat(dated.stateAt(at(2025, 12, 31, 11, 0))).isEqualTo(OPEN);
    assertThat(dated.stateAt(at(2026, 12, 31, 11, 0))).isEqualTo(CLOSED);
  }

  @Test
  void nthWeekdayOfTheMonthIsComputedFromTheDate() {
    // June 2025 Thursdays: 5, 12, 19, 26.
    OpeningHours h = hours("Mo-Fr 08:00-18:00; Th[-1] off; Th[1] 10:00-12:00");
    assertThat(h.stateAt(june(26, 9, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(19, 9, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(5, 9, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(5, 11, 0))).isEqualTo(OPEN);
  }

  @Test
  void isoWeekNumbersSelectWeeks() {
    // 2025-06-04 is in ISO week 23, 2025-06-11 in week 24.
    OpeningHours h = hours("week 23 Mo-Fr 08:00-18:00");
    assertThat(h.stateAt(june(4, 12, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(11, 12, 0))).isEqualTo(CLOSED);
  }

  /**
   * We have no holiday calendar, so both possibilities are evaluated: where they differ the answer
   * is UNKNOWN, where they agree (e.g. at night, or always for a lone {@code PH off}, which is
   * closed whether or not the day is a holiday) the common answer is returned.
   */
  @Test
  void publicHolidayOffMakesRegularHoursUnknownButKeepsCertainClosures() {
    OpeningHours h = hours("Mo-Fr 08:00-18:00; PH off");
    assertThat(h.stateAt(june(4, 10, 0))).isEqualTo(UNKNOWN);
    assertThat(h.stateAt(june(4, 20, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(7, 10, 0))).isEqualTo(CLOSED);
    OpeningHours alone = hours("PH off");
    assertThat(alone.stateAt(june(4, 10, 0))).isEqualTo(CLOSED);
    assertThat(alone.nextChangeAfter(june(4, 10, 0))).isEmpty();
  }

  @Test
  void holidayHoursAreUnknownUnlessAnotherSelectorDecides() {
    OpeningHours union = hours("Sa,PH 10:00-12:00");
    assertThat(union.stateAt(june(7, 11, 0))).isEqualTo(OPEN);
    assertThat(union.stateAt(june(4, 11, 0))).isEqualTo(UNKNOWN);
    assertThat(union.stateAt(june(4, 13, 0))).isEqualTo(CLOSED);
    OpeningHours schoolHolidays = hours("SH Mo-Fr 10:00-12:00");
    assertThat(schoolHolidays.stateAt(june(4, 11, 0))).isEqualTo(UNKNOWN);
    assertThat(schoolHolidays.stateAt(june(7, 11, 0))).isEqualTo(CLOSED);
  }

  @Test
  void easterIsUnknownOnEveryDayItCouldFallOn() {
    OpeningHours h = hours("Mo-Su 08:00-18:00; easter off");
    assertThat(h.stateAt(at(2025, 4, 20, 12, 0))).isEqualTo(UNKNOWN);
    assertThat(h.stateAt(at(2025, 4, 20, 20, 0))).isEqualTo(CLOSED);
  }

  @Test
  void sunriseSunsetIsUnknown() {
    OpeningHours h = hours("sunrise-sunset");
    assertThat(h.stateAt(june(4, 12, 0))).isEqualTo(UNKNOWN);
    assertThat(h.nextChangeAfter(june(4, 12, 0))).isEmpty();
    OpeningHours weekdays = hours("Mo-Fr sunrise-sunset; Sa,Su off");
    assertThat(weekdays.stateAt(june(4, 12, 0))).isEqualTo(UNKNOWN);
    assertThat(weekdays.stateAt(june(7, 12, 0))).isEqualTo(CLOSED);
  }

  @Test
  void variableTimeWithAFixedBoundIsClosedBeforeTheFixedStart() {
    OpeningHours h = hours("Mo-Fr 08:00-sunset");
    assertThat(h.stateAt(june(4, 7, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(4, 9, 0))).isEqualTo(UNKNOWN);
  }

  @Test
  void openEndedTimeIsUnknownAfterItsStart() {
    OpeningHours h = hours("Mo-Fr 18:00+");
    assertThat(h.stateAt(june(4, 17, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(4, 19, 0))).isEqualTo(UNKNOWN);
    OpeningHours bounded = hours("Mo-Fr 18:00-22:00+");
    assertThat(bounded.stateAt(june(4, 21, 0))).isEqualTo(OPEN);
    assertThat(bounded.stateAt(june(4, 23, 0))).isEqualTo(UNKNOWN);
  }

  @Test
  void dateSpecAnswersStayConsistentWhenDaysAreQueriedOutOfOrder() {
    OpeningHours h = hours("Mo-Su 08:00-18:00; Dec 24-Jan 02 off");
    for (int i = 0; i < 3; i++) {
      assertThat(h.stateAt(at(2025, 12, 25, 12, 0))).isEqualTo(CLOSED);
      assertThat(h.stateAt(at(2025, 6, 25, 12, 0))).isEqualTo(OPEN);
    }
  }
}
