package org.yizhan.station.hours;

import ch.poole.openinghoursparser.Event;
import ch.poole.openinghoursparser.Rule;
import ch.poole.openinghoursparser.RuleModifier;
import ch.poole.openinghoursparser.TimeSpan;
import ch.poole.openinghoursparser.VariableTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One parsed rule reduced to what the evaluator needs: which days it selects, the minutes it covers
 * on such a day (0 = that day's midnight, up to 2880 for spans running past midnight) and the state
 * it gives them. Times we cannot evaluate exactly (sunrise, open ends, point times, intervals)
 * become "fuzzy" windows that yield UNKNOWN, wide enough to contain every plausible reading.
 */
final class CompiledRule {
  static final int DAY = 1440;
  static final int TWO_DAYS = 2 * DAY;

  /** {@link #cover} results, ordered so the strongest coverage wins. */
  static final int NOT_COVERED = 0;

  static final int FUZZY = 1;
  static final int EXACT = 2;

  /** How long we assume an open end ("18:00+") may last beyond the last stated time. */
  private static final int OPEN_END_TAIL = 4 * 60;

  final DayMatcher days;
  final boolean additive;
  final boolean fallback;

  /** The state an exactly covered minute gets; fuzzy minutes are always UNKNOWN. */
  final OpenState state;

  private final int[] from;
  private final int[] to;
  private final boolean[] exact;

  /** Some span reaches past midnight, so the rule also matters on the following day. */
  final boolean wraps;

  private CompiledRule(Rule rule, List<int[]> spans) {
    this.days = new DayMatcher(rule);
    this.additive = rule.isAdditive();
    this.fallback = rule.isFallBack();
    this.state = stateOf(rule);
    int n = spans.size();
    this.from = new int[n];
    this.to = new int[n];
    this.exact = new boolean[n];
    boolean wrapping = false;
    for (int i = 0; i < n; i++) {
      int[] s = spans.get(i);
      from[i] = s[0];
      to[i] = s[1];
      exact[i] = s[2] == EXACT;
      wrapping |= to[i] > DAY;
    }
    this.wraps = wrapping;
  }

  static CompiledRule of(Rule rule) {
    List<int[]> spans = new ArrayList<>();
    List<TimeSpan> times = rule.getTimes();
    if (times == null || times.isEmpty()) {
      spans.add(new int[] {0, DAY, EXACT});
    } else {
      for (TimeSpan t : times) {
        addSpan(t, spans);
      }
    }
    return new CompiledRule(rule, spans);
  }

  /**
   * {@link #EXACT} if an exact span covers minute {@code m} of the rule's own day (values of 1440
   * and more are the following morning), {@link #FUZZY} if only an uncertain window does.
   */
  int cover(int m) {
    int best = NOT_COVERED;
    for (int i = 0; i < from.length; i++) {
      if (m >= from[i] && m < to[i]) {
        if (exact[i]) {
          return EXACT;
        }
        best = FUZZY;
      }
    }
    return best;
  }

  /** Adds the minutes of a day at which this rule can start or stop covering. */
  void addCuts(Set<Integer> cuts) {
    for (int i = 0; i < from.length; i++) {
      for (int edge : new int[] {from[i], to[i]}) {
        if (edge > 0 && edge < DAY) {
          cuts.add(edge);
        } else if (edge > DAY && edge < TWO_DAYS) {
          cuts.add(edge - DAY);
        }
      }
    }
  }

  private static void addSpan(TimeSpan t, List<int[]> spans) {
    int start = t.getStart();
    int end = t.getEnd();
    boolean startKnown = t.getStartEvent() == null && start != TimeSpan.UNDEFINED_TIME;
    boolean endKnown = t.getEndEvent() == null && end != TimeSpan.UNDEFINED_TIME;
    if (t.getStartEvent() != null || t.getEndEvent() != null) {
      spans.add(variableWindow(t));
    } else if (t.isOpenEnded()) {
      // "18:00+" / "18:00-22:00+": open from the start (or the stated end), closing unknown.
      int last = endKnown ? end : start;
      if (endKnown && end > start) {
        spans.add(new int[] {start, end, EXACT});
      }
      spans.add(new int[] {last, Math.max(DAY, Math.min(TWO_DAYS, last + OPEN_END_TAIL)), FUZZY});
    } else if (!startKnown || !endKnown) {
      // A point in time ("Mo 10:00") says nothing reliable about the rest of the day.
      spans.add(new int[] {0, DAY, FUZZY});
    } else if (t.getInterval() > 0) {
      // "10:00-16:00/30" lists departures rather than opening hours.
      spans.add(new int[] {start, Math.max(end, start + 1), FUZZY});
    } else if (end == start) {
      // "10:00-10:00" is read as a full 24 hours starting at 10:00.
      spans.add(new int[] {start, Math.min(TWO_DAYS, start + DAY), EXACT});
    } else {
      // The parser already adds 24 h to an end before the start ("22:00-03:00" -> 1320..1620).
      int realEnd = end < start ? end + DAY : end;
      spans.add(new int[] {start, Math.min(TWO_DAYS, realEnd), EXACT});
    }
  }

  /**
   * A span with sunrise/sunset/dawn/dusk. China uses one zone across five time zones' worth of
   * longitude, so sunset can be anywhere from about 16:30 to 22:00; we therefore only trust the
   * fixed end of such a span and mark everything between as UNKNOWN, running into the next morning
   * when the span can pass midnight (e.g. "sunset-sunrise", "sunset-02:00").
   */
  private static int[] variableWindow(TimeSpan t) {
    VariableTime startEvent = t.getStartEvent();
    VariableTime endEvent = t.getEndEvent();
    int lo = startEvent != null ? 0 : t.getStart();
    int hi;
    if (endEvent == null && t.getEnd() != TimeSpan.UNDEFINED_TIME) {
      int end = t.getEnd();
      hi = end <= DAY / 2 ? end + DAY : end;
    } else if (endEvent != null
        && morning(endEvent)
        && (startEvent == null || !morning(startEvent))) {
      hi = TWO_DAYS;
    } else {
      hi = DAY;
    }
    return new int[] {lo, Math.min(TWO_DAYS, Math.max(hi, lo + 1)), FUZZY};
  }

  private static boolean morning(VariableTime v) {
    return v.getEvent() == Event.DAWN || v.getEvent() == Event.SUNRISE;
  }

  /**
   * Rule state: explicit modifier if any; a rule that is only a comment ("by appointment") is
   * UNKNOWN; otherwise the default OPEN.
   */
  private static OpenState stateOf(Rule rule) {
    RuleModifier modifier = rule.getModifier();
    if (modifier == null) {
      return OpenState.OPEN;
    }
    if (modifier.getModifier() == null) {
      boolean hasTimes = rule.getTimes() != null && !rule.getTimes().isEmpty();
      return modifier.getComment() != null && !hasTimes ? OpenState.UNKNOWN : OpenState.OPEN;
    }
    return switch (modifier.getModifier()) {
      case OPEN -> OpenState.OPEN;
      case CLOSED, OFF -> OpenState.CLOSED;
      case UNKNOWN -> OpenState.UNKNOWN;
    };
  }
}
