package org.yizhan.station.hours;

import static org.assertj.core.api.Assertions.assertThat;

import ch.poole.openinghoursparser.OpeningHoursParser;
import ch.poole.openinghoursparser.Rule;
import ch.poole.openinghoursparser.RuleModifier;
import ch.poole.openinghoursparser.TimeSpan;
import ch.poole.openinghoursparser.WeekDayRange;
import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomized cross-check of the minute-of-week bitset fast path against (a) a deliberately naive
 * reference written here from the parser's rule objects and java.time, and (b) the production
 * per-day evaluator. Weekly specs only, with exact times, so the reference can stay simple.
 */
class OpeningHoursCrossCheckTest {
  private static final long FROM = Instant.parse("1995-01-01T00:00:00Z").getEpochSecond();
  private static final long TO = Instant.parse("2045-01-01T00:00:00Z").getEpochSecond();
  private static final String[] DAYS = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

  private static final List<String> HAND_PICKED =
      List.of(
          "24/7",
          "Mo-Fr 08:00-20:00",
          "Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-13:00",
          "Fr-Mo 10:00-02:00",
          "Mo-Su 08:00-20:00; Su off",
          "Mo-Fr 08:00-12:00, We 14:00-18:00",
          "Fr 22:00-03:00; Sa 10:00-12:00",
          "Fr 22:00-03:00, Sa 10:00-12:00",
          "18:00-26:00",
          "Mo-Su 00:00-24:00; Tu 12:00-13:00 off",
          "Mo-Sa 07:30-19:45; Su 09:00-17:00; We off",
          "Mo-Fr 08:00-18:00 || Sa 10:00-12:00",
          "Mo-Fr 08:00-18:00 || \"by appointment\"",
          "Sa-Tu 06:00-09:00,17:00-23:30",
          "Mo 20:00-08:00; Tu 10:00-12:00",
          "Mo-Fr 08:00-20:00 unknown; Sa 09:00-12:00");

  @Test
  void bitsetFastPathAgreesWithNaiveReferenceAndDayEvaluatorOnRandomInstants() throws Exception {
    Random random = new Random(20250604L);
    List<String> specs = new ArrayList<>(HAND_PICKED);
    while (specs.size() < 200) {
      specs.add(randomSpec(random));
    }
    int compared = 0;
    for (String spec : specs) {
      OpeningHours hours = OpeningHours.parse(spec);
      List<Rule> rules = new OpeningHoursParser(new StringReader(spec)).rules(true, false);
      OpenState[] table = referenceWeek(rules);
      for (int i = 0; i < 2_000; i++) {
        Instant t = Instant.ofEpochSecond(FROM + (long) (random.nextDouble() * (TO - FROM)));
        OpenState expected = reference(rules, t.atZone(OpeningHours.ZONE));
        assertThat(hours.stateAt(t)).as("%s at %s", spec, t).isEqualTo(expected);
        assertThat(hours.stateAtByDay(t)).as("%s at %s by day", spec, t).isEqualTo(expected);
        compared++;
        if (i % 50 == 0) {
          assertThat(hours.nextChangeAfter(t))
              .as("%s next change after %s", spec, t)
              .isEqualTo(bruteForceNextChange(table, t));
        }
      }
    }
    assertThat(compared).isEqualTo(200 * 2_000);
  }

  /** Rules of one to four parts with wrap-around weekdays, spans past midnight and modifiers. */
  private static String randomSpec(Random r) {
    StringBuilder spec = new StringBuilder();
    int count = 1 + r.nextInt(4);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        int sep = r.nextInt(20);
        spec.append(sep < 12 ? "; " : sep < 17 ? ", " : " || ");
      }
      List<String> parts = new ArrayList<>();
      if (r.nextInt(10) < 7) {
        List<String> ranges = new ArrayList<>();
        for (int k = 1 + r.nextInt(2); k > 0; k--) {
          String first = DAYS[r.nextInt(7)];
          ranges.add(r.nextBoolean() ? first : first + "-" + DAYS[r.nextInt(7)]);
        }
        parts.add(String.join(",", ranges));
      }
      if (r.nextInt(10) < 8) {
        List<String> spans = new ArrayList<>();
        for (int k = 1 + r.nextInt(2); k > 0; k--) {
          int start = r.nextInt(96) * 15;
          int end = start + 15 + r.nextInt(80) * 15;
          boolean extended = end > 1440 && r.nextBoolean();
          spans.add(clock(start) + "-" + clock(extended ? end : end % 1440));
        }
        parts.add(String.join(",", spans));
      }
      int modifier = r.nextInt(20);
      if (parts.isEmpty() || modifier < 3) {
        parts.add("off");
      } else if (modifier < 5) {
        parts.add("open");
      } else if (modifier < 7) {
        parts.add("unknown");
      } else if (modifier < 8) {
        parts.add("\"note\"");
      }
      spec.append(String.join(" ", parts));
    }
    return spec.toString();
  }

  private static String clock(int minutes) {
    return String.format("%02d:%02d", minutes / 60, minutes % 60);
  }

  /** Per-minute evaluation straight from the parser objects, Monday 00:00 first. */
  private static OpenState[] referenceWeek(List<Rule> rules) {
    OpenState[] table = new OpenState[7 * 1440];
    ZonedDateTime monday = ZonedDateTime.of(2025, 6, 2, 0, 0, 0, 0, OpeningHours.ZONE);
    for (int m = 0; m < table.length; m++) {
      table[m] = reference(rules, monday.plusMinutes(m));
    }
    return table;
  }

  private static Optional<Instant> bruteForceNextChange(OpenState[] table, Instant t) {
    ZonedDateTime local = t.atZone(OpeningHours.ZONE);
    int index = (local.getDayOfWeek().getValue() - 1) * 1440 + local.getHour() * 60;
    index += local.getMinute();
    OpenState now = table[index];
    if (now == OpenState.UNKNOWN) {
      return Optional.empty();
    }
    ZonedDateTime minuteStart = local.withSecond(0).withNano(0);
    for (int step = 1; step <= 8 * 1440; step++) {
      if (table[(index + step) % table.length] != now) {
        return Optional.of(minuteStart.plusMinutes(step).toInstant());
      }
    }
    return Optional.empty();
  }

  private static OpenState reference(List<Rule> rules, ZonedDateTime local) {
    DayOfWeek today = local.getDayOfWeek();
    int minute = local.getHour() * 60 + local.getMinute();
    OpenState state = OpenState.CLOSED;
    boolean covered = false;
    for (Rule rule : rules) {
      if (rule.isEmpty() || (rule.isFallBack() && covered)) {
        continue;
      }
      boolean selectedToday = selects(rule, today);
      boolean spill = selects(rule, today.minus(1)) && inSpans(rule, minute + 1440);
      if (!selectedToday && !spill) {
        continue;
      }
      if (!rule.isAdditive()) {
        state = OpenState.CLOSED;
      }
      if (spill || inSpans(rule, minute)) {
        state = stateOf(rule);
        covered = true;
      }
    }
    return state;
  }

  private static boolean selects(Rule rule, DayOfWeek day) {
    if (rule.getDays() == null || rule.getDays().isEmpty()) {
      return true;
    }
    for (WeekDayRange range : rule.getDays()) {
      DayOfWeek d = DayOfWeek.of(range.getStartDay().ordinal() + 1);
      DayOfWeek last =
          range.getEndDay() == null ? d : DayOfWeek.of(range.getEndDay().ordinal() + 1);
      while (true) {
        if (d == day) {
          return true;
        }
        if (d == last) {
          break;
        }
        d = d.plus(1);
      }
    }
    return false;
  }

  private static boolean inSpans(Rule rule, int minute) {
    if (rule.getTimes() == null || rule.getTimes().isEmpty()) {
      return minute < 1440;
    }
    for (TimeSpan span : rule.getTimes()) {
      int end = span.getEnd() <= span.getStart() ? span.getEnd() + 1440 : span.getEnd();
      if (minute >= span.getStart() && minute < end) {
        return true;
      }
    }
    return false;
  }

  private static OpenState stateOf(Rule rule) {
    RuleModifier modifier = rule.getModifier();
    if (modifier == null || modifier.getModifier() == null) {
      boolean commentOnly =
          modifier != null && (rule.getTimes() == null || rule.getTimes().isEmpty());
      return commentOnly ? OpenState.UNKNOWN : OpenState.OPEN;
    }
    return switch (modifier.getModifier()) {
      case OPEN -> OpenState.OPEN;
      case OFF, CLOSED -> OpenState.CLOSED;
      case UNKNOWN -> OpenState.UNKNOWN;
    };
  }
}
