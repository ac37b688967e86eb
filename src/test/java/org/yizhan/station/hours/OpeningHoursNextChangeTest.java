package org.yizhan.station.hours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.station.hours.OpeningHoursTest.at;
import static org.yizhan.station.hours.OpeningHoursTest.hours;
import static org.yizhan.station.hours.OpeningHoursTest.june;

import org.junit.jupiter.api.Test;

/** {@link OpeningHours#nextChangeAfter}: closing and opening times within the 8-day horizon. */
class OpeningHoursNextChangeTest {

  @Test
  void whileOpenTheNextChangeIsTodaysClosingTime() {
    assertThat(hours("Mo-Fr 08:00-20:00").nextChangeAfter(june(4, 12, 0))).contains(june(4, 20, 0));
  }

  @Test
  void afterFridayClosingTheNextChangeIsMondayOpening() {
    assertThat(hours("Mo-Fr 08:00-20:00").nextChangeAfter(june(6, 21, 0))).contains(june(9, 8, 0));
  }

  @Test
  void secondsWithinAMinuteAndExactBoundariesAreHandled() {
    OpeningHours h = hours("Mo-Fr 08:00-20:00");
    assertThat(h.nextChangeAfter(june(4, 19, 59).plusSeconds(30))).contains(june(4, 20, 0));
    assertThat(h.nextChangeAfter(june(4, 20, 0))).contains(june(5, 8, 0));
  }

  @Test
  void spanPastMidnightClosesTheNextMorning() {
    assertThat(hours("Fr 22:00-03:00").nextChangeAfter(june(6, 23, 0))).contains(june(7, 3, 0));
  }

  @Test
  void lunchBreakIsAChange() {
    OpeningHours h = hours("Mo-Fr 08:00-12:00,14:00-18:00");
    assertThat(h.nextChangeAfter(june(4, 9, 0))).contains(june(4, 12, 0));
    assertThat(h.nextChangeAfter(june(4, 12, 30))).contains(june(4, 14, 0));
  }

  @Test
  void alwaysOpenOrAlwaysClosedNeverChanges() {
    assertThat(hours("24/7").nextChangeAfter(june(4, 12, 0))).isEmpty();
    assertThat(hours("Mo-Su 00:00-24:00").nextChangeAfter(june(4, 12, 0))).isEmpty();
    assertThat(hours("off").nextChangeAfter(june(4, 12, 0))).isEmpty();
  }

  @Test
  void unknownStateHasNoNextChange() {
    assertThat(hours("Mo-Fr 08:00-18:00; PH off").nextChangeAfter(june(4, 10, 0))).isEmpty();
  }

  @Test
  void changeIntoUnknownCountsAsAChange() {
    assertThat(hours("Mo-Fr 08:00-18:00; PH off").nextChangeAfter(june(7, 12, 0)))
        .contains(june(9, 8, 0));
  }

  @Test
  void dateRangesAreFollowedAcrossDays() {
    OpeningHours h = hours("Mo-Su 08:00-18:00; Dec 24-Jan 02 off");
    assertThat(h.nextChangeAfter(at(2025, 12, 23, 12, 0))).contains(at(2025, 12, 23, 18, 0));
    assertThat(h.nextChangeAfter(at(2025, 12, 30, 12, 0))).contains(at(2026, 1, 3, 8, 0));
  }

  @Test
  void changesBeyondEightDaysAreNotReported() {
    OpeningHours h = hours("Mo-Su 08:00-18:00; Dec 20-Jan 10 off");
    assertThat(h.nextChangeAfter(at(2025, 12, 25, 12, 0))).isEmpty();
    OpeningHours monthly = hours("Mo-Fr 08:00-18:00; Jun off");
    assertThat(monthly.nextChangeAfter(june(27, 12, 0))).contains(at(2025, 7, 1, 8, 0));
  }
}
