package org.yizhan.station.hours;

import ch.poole.openinghoursparser.DateRange;
import ch.poole.openinghoursparser.DateWithOffset;
import ch.poole.openinghoursparser.Holiday;
import ch.poole.openinghoursparser.Nth;
import ch.poole.openinghoursparser.Rule;
import ch.poole.openinghoursparser.WeekDayRange;
import ch.poole.openinghoursparser.WeekRange;
import ch.poole.openinghoursparser.YearRange;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;

/**
 * The day part of one rule (years, ISO weeks, month/day ranges, weekdays, holidays). It answers
 * with three values because some selectors (public and school holidays, easter, "n-th weekday of a
 * month" inside a date) cannot be decided without a calendar we do not have: {@link #MAYBE} lets
 * the evaluator try both outcomes instead of guessing one.
 */
final class DayMatcher {
  static final int NO = 0;
  static final int YES = 1;
  static final int MAYBE = 2;

  private static final int UNDEFINED = Integer.MIN_VALUE;

  private final List<YearRange> years;
  private final List<WeekRange> weeks;
  private final List<DateRange> dates;
  private final List<WeekDayRange> weekdays;
  private final List<Holiday> holidays;

  DayMatcher(Rule rule) {
    this.years = emptyToNull(rule.getYears());
    this.weeks = emptyToNull(rule.getWeeks());
    this.dates = emptyToNull(rule.getDates());
    this.weekdays = emptyToNull(rule.getDays());
    this.holidays = emptyToNull(rule.getHolidays());
  }

  /**
   * True when the answer depends only on the day of the week, so a rule list made of such matchers
   * can be flattened into a minute-of-week table.
   */
  boolean weekly() {
    if (years != null || weeks != null || dates != null || holidays != null) {
      return false;
    }
    if (weekdays != null) {
      for (WeekDayRange w : weekdays) {
        if (w.getOffset() != 0 || (w.getNths() != null && !w.getNths().isEmpty())) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@link #YES}, {@link #NO} or {@link #MAYBE}: whether the rule selects this local date. */
  int match(LocalDate day) {
    int result = dayPart(day);
    if (result == NO) {
      return NO;
    }
    if (years != null) {
      result = and(result, matchYears(day.getYear()));
    }
    if (result != NO && weeks != null) {
      result = and(result, matchWeeks(day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
    }
    if (result != NO && dates != null) {
      result = and(result, matchDates(day));
    }
    return result;
  }

  /**
   * Weekdays combined with holidays: {@code PH,Sa} is a union, {@code SH Mo-Fr} an intersection.
   */
  private int dayPart(LocalDate day) {
    int weekday = weekdays == null ? YES : matchWeekdays(day);
    if (holidays == null) {
      return weekday;
    }
    boolean union = holidays.stream().anyMatch(Holiday::getUseAsWeekDay);
    if (union) {
      return weekdays != null && weekday == YES ? YES : MAYBE;
    }
    return weekday == NO ? NO : MAYBE;
  }

  private int matchWeekdays(LocalDate day) {
    for (WeekDayRange w : weekdays) {
      // "Su[-1] -1 day" selects the day before the last Sunday: test the shifted date.
      LocalDate d = w.getOffset() == 0 ? day : day.minusDays(w.getOffset());
      int dow = d.getDayOfWeek().getValue() - 1;
      int start = w.getStartDay().ordinal();
      int end = w.getEndDay() == null ? start : w.getEndDay().ordinal();
      boolean inRange = start <= end ? dow >= start && dow <= end : dow >= start || dow <= end;
      if (inRange && matchNth(w.getNths(), d)) {
        return YES;
      }
    }
    return NO;
  }

  private static boolean matchNth(List<Nth> nths, LocalDate d) {
    if (nths == null || nths.isEmpty()) {
      return true;
    }
    int fromStart = (d.getDayOfMonth() - 1) / 7 + 1;
    int fromEnd = -((d.lengthOfMonth() - d.getDayOfMonth()) / 7 + 1);
    for (Nth nth : nths) {
      int lo = nth.getStartNth();
      int hi = nth.getEndNth() == Nth.INVALID_NTH ? lo : nth.getEndNth();
      if (lo > 0 && hi < 0) {
        // "[1--1]": counted from the start and from the end at once.
        if (fromStart >= lo && fromEnd <= hi) {
          return true;
        }
        continue;
      }
      int which = lo > 0 ? fromStart : fromEnd;
      if (which >= Math.min(lo, hi) && which <= Math.max(lo, hi)) {
        return true;
      }
    }
    return false;
  }

  private int matchYears(int year) {
    for (YearRange y : years) {
      int start = y.getStartYear();
      int end = y.isOpenEnded() ? Integer.MAX_VALUE : y.getEndYear();
      if (end == UNDEFINED) {
        end = start;
      }
      int step = Math.max(1, y.getInterval());
      if (year >= start && year <= end && (year - start) % step == 0) {
        return YES;
      }
    }
    return NO;
  }

  private int matchWeeks(int week) {
    int result = NO;
    for (WeekRange w : weeks) {
      int start = w.getStartWeek();
      int end = w.getEndWeek() == UNDEFINED ? start : w.getEndWeek();
      int step = Math.max(1, w.getInterval());
      if (start <= end) {
        if (week >= start && week <= end && (week - start) % step == 0) {
          return YES;
        }
      } else if (week >= start || week <= end) {
        // A range wrapping the year end with a step would need the previous year's week count.
        if (step != 1) {
          result = MAYBE;
        } else {
          return YES;
        }
      }
    }
    return result;
  }

  private int matchDates(LocalDate day) {
    int result = NO;
    for (DateRange range : dates) {
      int r = matchDateRange(range, day);
      if (r == YES) {
        return YES;
      }
      if (r == MAYBE) {
        result = MAYBE;
      }
    }
    return result;
  }

  /**
   * Plain month / month-day ranges, optionally with years, are decided; moving dates (easter, "Dec
   * Su[-1]", offsets, open ends, steps) are {@link #MAYBE}.
   */
  private static int matchDateRange(DateRange range, LocalDate day) {
    DateWithOffset from = range.getStartDate();
    DateWithOffset to = range.getEndDate();
    if (range.getInterval() > 0
        || from.getMonth() == null
        || !plain(from)
        || (to != null && !plain(to))) {
      return MAYBE;
    }
    int fromMonth = from.getMonth().ordinal() + 1;
    int fromDay = from.getDay() == UNDEFINED ? 1 : from.getDay();
    int toMonth = fromMonth;
    int toDay = from.getDay() == UNDEFINED ? 31 : fromDay;
    int toYear = from.getYear();
    if (to != null) {
      toMonth = to.getMonth() == null ? fromMonth : to.getMonth().ordinal() + 1;
      toDay = to.getDay() == UNDEFINED ? 31 : to.getDay();
      toYear = to.getYear();
    }
    int start = key(fromMonth, fromDay);
    int end = key(toMonth, toDay);
    int today = key(day.getMonthValue(), day.getDayOfMonth());
    if (from.getYear() == UNDEFINED) {
      if (toYear != UNDEFINED) {
        return MAYBE;
      }
      boolean in = start <= end ? today >= start && today <= end : today >= start || today <= end;
      return in ? YES : NO;
    }
    if (toYear == UNDEFINED) {
      toYear = end < start ? from.getYear() + 1 : from.getYear();
    }
    long startFull = from.getYear() * 1000L + start;
    long endFull = toYear * 1000L + end;
    long todayFull = day.getYear() * 1000L + today;
    return todayFull >= startFull && todayFull <= endFull ? YES : NO;
  }

  private static boolean plain(DateWithOffset d) {
    return d.getVarDate() == null
        && d.getNthWeekDay() == null
        && d.getWeekDayOffset() == null
        && d.getDayOffset() == 0
        && !d.isOpenEnded();
  }

  /** Orders (month, day) pairs; day 31 stands for "end of month" in every month. */
  private static int key(int month, int day) {
    return month * 32 + day;
  }

  private static int and(int a, int b) {
    if (a == NO || b == NO) {
      return NO;
    }
    return a == MAYBE || b == MAYBE ? MAYBE : YES;
  }

  private static <T> List<T> emptyToNull(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
