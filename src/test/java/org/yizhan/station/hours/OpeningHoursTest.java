package org.yizhan.station.hours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.yizhan.station.hours.OpenState.CLOSED;
import static org.yizhan.station.hours.OpenState.OPEN;
import static org.yizhan.station.hours.OpenState.UNKNOWN;

import java.time.Instant;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weekly semantics and parsing. Reference week: Mon 2025-06-02 .. Sun 2025-06-08 (Shanghai time).
 */
class OpeningHoursTest {

  static Instant at(int year, int month, int day, int hour, int minute) {
    return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, OpeningHours.ZONE).toInstant();
  }

  /** A day of the reference week: 2 = Monday ... 8 = Sunday, 9 = the following Monday. */
  static Instant june(int day, int hour, int minute) {
    return at(2025, 6, day, hour, minute);
  }

  static OpeningHours hours(String spec) {
    try {
      return OpeningHours.parse(spec);
    } catch (InvalidOpeningHoursException e) {
      throw new AssertionError(spec + ": " + e.getMessage(), e);
    }
  }

  @Test
  void twentyFourSevenIsOpenAtEveryInstantAndReportedAsAlwaysOpen() {
    OpeningHours h = hours("24/7");
    assertThat(h.isAlwaysOpen()).isTrue();
    assertThat(h.stateAt(june(2, 0, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(8, 23, 59))).isEqualTo(OPEN);
    assertThat(h.stateAt(at(1985, 7, 1, 3, 0))).isEqualTo(OPEN);
  }

  @Test
  void equivalentsOf24SevenAreAlwaysOpenButOrdinaryHoursAreNot() {
    assertThat(hours("Mo-Su 00:00-24:00").isAlwaysOpen()).isTrue();
    assertThat(hours("00:00-24:00").isAlwaysOpen()).isTrue();
    assertThat(hours("Mo-Fr 00:00-24:00; Sa-Su 00:00-24:00").isAlwaysOpen()).isTrue();
    assertThat(hours("Mo-Fr 08:00-20:00").isAlwaysOpen()).isFalse();
    assertThat(hours("24/7; PH off").isAlwaysOpen()).isFalse();
  }

  @Test
  void weekdayHoursAreOpenInsideAndClosedOutsideAndAtWeekends() {
    OpeningHours h = hours("Mo-Fr 08:00-20:00");
    assertThat(h.stateAt(june(4, 12, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(4, 8, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(4, 7, 59))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(4, 19, 59))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(4, 20, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(7, 12, 0))).isEqualTo(CLOSED);
  }

  @Test
  void weekendListOpensOnlySaturdayAndSunday() {
    OpeningHours h = hours("Sa,Su 10:00-14:00");
    assertThat(h.stateAt(june(7, 11, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(8, 11, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(9, 11, 0))).isEqualTo(CLOSED);
  }

  @Test
  void sundayIsClosedWhenNotListed() {
    OpeningHours h = hours("Mo-Sa 09:00-18:00");
    assertThat(h.stateAt(june(7, 10, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(8, 10, 0))).isEqualTo(CLOSED);
  }

  @Test
  void weekdayRangeWrapsAroundTheWeekEnd() {
    OpeningHours h = hours("Fr-Mo 10:00-12:00");
    for (int day : new int[] {6, 7, 8, 9}) {
      assertThat(h.stateAt(june(day, 11, 0))).as("June %d", day).isEqualTo(OPEN);
    }
    for (int day : new int[] {3, 4, 5}) {
      assertThat(h.stateAt(june(day, 11, 0))).as("June %d", day).isEqualTo(CLOSED);
    }
  }

  @Test
  void spanPastMidnightContinuesIntoTheNextMorning() {
    OpeningHours h = hours("Fr 22:00-03:00");
    assertThat(h.stateAt(june(6, 23, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(7, 2, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(7, 3, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(6, 21, 59))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(6, 2, 0))).as("Thursday night is not listed").isEqualTo(CLOSED);
  }

  @Test
  void extendedTimesBeyond24HoursBelongToTheFollowingMorning() {
    OpeningHours late = hours("18:00-26:00");
    assertThat(late.stateAt(june(3, 1, 59))).isEqualTo(OPEN);
    assertThat(late.stateAt(june(3, 2, 0))).isEqualTo(CLOSED);
    assertThat(late.stateAt(june(3, 17, 0))).isEqualTo(CLOSED);
    OpeningHours night = hours("22:00-06:00");
    assertThat(night.stateAt(june(3, 5, 0))).isEqualTo(OPEN);
    assertThat(night.stateAt(june(3, 12, 0))).isEqualTo(CLOSED);
  }

  @Test
  void severalSpansLeaveALunchBreakClosed() {
    OpeningHours h = hours("08:00-12:00,14:00-18:00");
    assertThat(h.stateAt(june(8, 10, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(8, 13, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(8, 15, 0))).isEqualTo(OPEN);
  }

  @Test
  void offRuleClosesTheDayItNames() {
    OpeningHours h = hours("Mo-Su 08:00-20:00; Su off");
    assertThat(h.stateAt(june(8, 12, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(7, 12, 0))).isEqualTo(OPEN);
  }

  @Test
  void laterNormalRuleReplacesEarlierRulesForThatDayOnly() {
    OpeningHours h = hours("Mo-Fr 08:00-20:00; We 14:00-18:00");
    assertThat(h.stateAt(june(4, 10, 0))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(4, 15, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(5, 10, 0))).isEqualTo(OPEN);
  }

  @Test
  void additionalRuleAfterCommaAddsHoursInsteadOfReplacing() {
    OpeningHours h = hours("Mo-Fr 08:00-12:00, We 14:00-18:00");
    assertThat(h.stateAt(june(4, 10, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(4, 15, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(5, 15, 0))).isEqualTo(CLOSED);
  }

  @Test
  void additionalOffRuleCutsABreakWithoutClosingTheDay() {
    OpeningHours h = hours("Mo-Su 08:00-20:00, Tu 12:00-13:00 off");
    assertThat(h.stateAt(june(3, 12, 30))).isEqualTo(CLOSED);
    assertThat(h.stateAt(june(3, 10, 0))).isEqualTo(OPEN);
  }

  @Test
  void normalRuleForTheNextDayReplacesTheSpillOverButACommaKeepsIt() {
    // OSM specification: the part after midnight belongs to the next day, so "; Sa ..." replaces
    // it.
    assertThat(hours("Fr 22:00-03:00; Sa 10:00-12:00").stateAt(june(7, 1, 0))).isEqualTo(CLOSED);
    assertThat(hours("Fr 22:00-03:00, Sa 10:00-12:00").stateAt(june(7, 1, 0))).isEqualTo(OPEN);
    assertThat(hours("Mo-Su 08:00-20:00; Fr 22:00-03:00").stateAt(june(7, 1, 0))).isEqualTo(OPEN);
  }

  @Test
  void modifiersOpenClosedAndUnknownSetTheState() {
    assertThat(hours("Mo-Fr 08:00-20:00 unknown").stateAt(june(4, 9, 0))).isEqualTo(UNKNOWN);
    assertThat(hours("Mo-Fr 08:00-20:00 unknown").stateAt(june(4, 21, 0))).isEqualTo(CLOSED);
    assertThat(hours("Su open").stateAt(june(8, 3, 0))).isEqualTo(OPEN);
    assertThat(hours("24/7; Mo closed").stateAt(june(9, 3, 0))).isEqualTo(CLOSED);
    assertThat(hours("off").stateAt(june(4, 12, 0))).isEqualTo(CLOSED);
  }

  @Test
  void commentOnlyRulesAndFallbackCommentsAreUnknown() {
    assertThat(hours("\"call ahead\"").stateAt(june(4, 12, 0))).isEqualTo(UNKNOWN);
    OpeningHours h = hours("Mo-Fr 08:00-18:00 || \"by appointment\"");
    assertThat(h.stateAt(june(4, 10, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(june(7, 10, 0))).isEqualTo(UNKNOWN);
    assertThat(hours("Mo-Fr 08:00-18:00 \"ring the bell\"").stateAt(june(4, 10, 0)))
        .isEqualTo(OPEN);
  }

  @Test
  void fallbackRuleAppliesOnlyWhereNoEarlierRuleMatched() {
    OpeningHours h = hours("Mo-Fr 08:00-18:00; Sa off || 10:00-12:00");
    assertThat(h.stateAt(june(8, 11, 0))).as("Sunday: nothing matched").isEqualTo(OPEN);
    assertThat(h.stateAt(june(7, 11, 0))).as("Saturday: Sa off matched").isEqualTo(CLOSED);
    assertThat(h.stateAt(june(4, 9, 0))).isEqualTo(OPEN);
  }

  @Test
  void beforeDaylightSavingEndedThe1988WallClockIsStillUsed() {
    // Shanghai observed +09:00 in summer 1988; 1988-07-06 was a Wednesday.
    OpeningHours h = hours("Mo-Fr 08:00-20:00");
    assertThat(h.stateAt(at(1988, 7, 6, 8, 0))).isEqualTo(OPEN);
    assertThat(h.stateAt(at(1988, 7, 6, 7, 59))).isEqualTo(CLOSED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Mo-Xx 8-20",
        "25:00-26:00",
        "hello",
        "Mo 8-20",
        ";",
        "Mo-Fr 08:00-20:00 \"unterminated",
        "Mo-Fr 08:00-20:00 foo"
      })
  void invalidSyntaxThrowsWithAOneLineMessage(String spec) {
    assertThatThrownBy(() -> OpeningHours.parse(spec))
        .isInstanceOf(InvalidOpeningHoursException.class)
        .hasMessageStartingWith("invalid opening hours")
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t\n"})
  void nullOrBlankThrows(String spec) {
    assertThatThrownBy(() -> OpeningHours.parse(spec))
        .isInstanceOf(InvalidOpeningHoursException.class)
        .hasMessage("opening hours are empty");
  }

  @Test
  void specIsTrimmedAndDrivesEqualityAndToString() {
    OpeningHours a = hours("  Mo-Fr 08:00-20:00 ");
    OpeningHours b = hours("Mo-Fr 08:00-20:00");
    assertThat(a.spec()).isEqualTo("Mo-Fr 08:00-20:00");
    assertThat(a).hasToString("Mo-Fr 08:00-20:00").isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(hours("Mo-Fr 08:00-21:00"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Mo-Fr 08:00-18:00",
        "24/7",
        "Mo-Su 07:30-21:15; Sa off",
        "Dec 01-Dec 31 07:00-21:00; Jan-Nov 09:00-17:00",
        "Mo-Fr 08:00-12:00,13:00-17:30; PH off"
      })
  void closedHoursOfADayAgreeWithTheStateAtEachHoursMiddle(String spec) throws Exception {
    OpeningHours oh = OpeningHours.parse(spec);
    // 1989 (China kept summer time then) and days around a month's change now.
    for (String date : new String[] {"1989-07-10", "2026-11-29", "2026-12-01", "2027-01-01"}) {
      java.time.LocalDate d = java.time.LocalDate.parse(date);
      for (int k = 0; k < 3; k++) {
        java.time.LocalDate day = d.plusDays(k);
        int mask = oh.closedHours(day.toEpochDay());
        for (int h = 0; h < 24; h++) {
          Instant middle = day.atTime(h, 30).atZone(OpeningHours.ZONE).toInstant();
          assertThat((mask & (1 << h)) != 0)
              .as("%s %s %02d:30", spec, day, h)
              .isEqualTo(oh.stateAt(middle) == CLOSED);
          long hour = OpeningHours.localHour(middle.getEpochSecond());
          assertThat(hour).isEqualTo(day.toEpochDay() * 24 + h);
        }
      }
    }
  }
}
