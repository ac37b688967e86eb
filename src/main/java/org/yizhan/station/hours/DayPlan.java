package org.yizhan.station.hours;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * The states of one local calendar day as a few segments (start minute + state). Built by {@link
 * #evaluate}, which applies the OSM rule semantics; everything else (bitsets, next change) is
 * derived from plans so there is a single source of truth.
 */
final class DayPlan {
  /**
   * Above this many undecidable (rule, day) matches we stop enumerating combinations and call the
   * whole day UNKNOWN; 2^10 evaluations of a few segments is still cheap and cached per day.
   */
  static final int MAX_UNDECIDED = 10;

  private static final OpenState[] STATES = OpenState.values();
  private static final DayPlan ALL_UNKNOWN =
      new DayPlan(new int[] {0}, new byte[] {(byte) OpenState.UNKNOWN.ordinal()});

  private final int[] starts;
  private final byte[] states;

  private DayPlan(int[] starts, byte[] states) {
    this.starts = starts;
    this.states = states;
  }

  /** State at minute {@code m} (0..1439) of this day. */
  OpenState stateAt(int m) {
    int i = Arrays.binarySearch(starts, m);
    return STATES[states[i >= 0 ? i : -i - 2]];
  }

  int segments() {
    return starts.length;
  }

  int segmentStart(int i) {
    return starts[i];
  }

  OpenState segmentState(int i) {
    return STATES[states[i]];
  }

  /**
   * Evaluates the rules for one local date.
   *
   * <p>Semantics, per minute {@code m} of {@code day}: start CLOSED; walk the rules in order. A
   * rule takes part if it selects {@code day}, or if it selects the day before and one of its spans
   * runs past midnight over {@code m}. A taking-part normal rule ({@code ;}) first resets the state
   * to CLOSED (it replaces earlier rules for the day, including the previous evening's spill-over,
   * as the OSM specification says); an additional rule ({@code ,}) does not. Then, if its spans
   * cover {@code m}, the minute gets the rule's state. A fallback rule ({@code ||}) is skipped once
   * an earlier rule has covered the minute.
   *
   * <p>Selectors answering MAYBE (holidays, easter...) are enumerated both ways; a minute whose
   * outcome differs between the combinations becomes UNKNOWN, one that agrees keeps its state. So
   * {@code Mo-Fr 08:00-18:00; PH off} is UNKNOWN on weekdays 08-18 but CLOSED at night.
   *
   * @param cuts sorted minutes (starting with 0) at which any rule can change coverage
   */
  static DayPlan evaluate(CompiledRule[] rules, int[] cuts, LocalDate day) {
    int n = rules.length;
    int[] today = new int[n];
    int[] before = new int[n];
    int undecided = 0;
    LocalDate previous = day.minusDays(1);
    for (int i = 0; i < n; i++) {
      today[i] = rules[i].days.match(day);
      before[i] = rules[i].wraps ? rules[i].days.match(previous) : DayMatcher.NO;
      undecided += (today[i] == DayMatcher.MAYBE ? 1 : 0) + (before[i] == DayMatcher.MAYBE ? 1 : 0);
    }
    if (undecided > MAX_UNDECIDED) {
      return ALL_UNKNOWN;
    }
    byte[] result = new byte[cuts.length];
    boolean[] onDay = new boolean[n];
    boolean[] onPrevious = new boolean[n];
    for (int combination = 0; combination < 1 << undecided; combination++) {
      int bit = 0;
      for (int i = 0; i < n; i++) {
        onDay[i] = decide(today[i], combination, bit);
        bit += today[i] == DayMatcher.MAYBE ? 1 : 0;
        onPrevious[i] = decide(before[i], combination, bit);
        bit += before[i] == DayMatcher.MAYBE ? 1 : 0;
      }
      for (int s = 0; s < cuts.length; s++) {
        byte state = (byte) minute(rules, cuts[s], onDay, onPrevious).ordinal();
        result[s] =
            combination == 0 || result[s] == state ? state : (byte) OpenState.UNKNOWN.ordinal();
      }
    }
    return merge(cuts, result);
  }

  private static boolean decide(int match, int combination, int bit) {
    return match == DayMatcher.YES
        || (match == DayMatcher.MAYBE && ((combination >>> bit) & 1) == 1);
  }

  /** The state of minute {@code m} once every rule's day match is fixed. */
  private static OpenState minute(
      CompiledRule[] rules, int m, boolean[] onDay, boolean[] onPrevious) {
    OpenState state = OpenState.CLOSED;
    boolean covered = false;
    for (int i = 0; i < rules.length; i++) {
      CompiledRule rule = rules[i];
      if (rule.fallback && covered) {
        continue;
      }
      int spill = onPrevious[i] ? rule.cover(m + CompiledRule.DAY) : CompiledRule.NOT_COVERED;
      if (!onDay[i] && spill == CompiledRule.NOT_COVERED) {
        continue;
      }
      if (!rule.additive) {
        state = OpenState.CLOSED;
      }
      int cover = Math.max(spill, onDay[i] ? rule.cover(m) : CompiledRule.NOT_COVERED);
      if (cover != CompiledRule.NOT_COVERED) {
        state = cover == CompiledRule.EXACT ? rule.state : OpenState.UNKNOWN;
        covered = true;
      }
    }
    return state;
  }

  private static DayPlan merge(int[] cuts, byte[] states) {
    int kept = 0;
    int[] s = new int[cuts.length];
    byte[] v = new byte[cuts.length];
    for (int i = 0; i < cuts.length; i++) {
      if (kept == 0 || v[kept - 1] != states[i]) {
        s[kept] = cuts[i];
        v[kept] = states[i];
        kept++;
      }
    }
    return new DayPlan(Arrays.copyOf(s, kept), Arrays.copyOf(v, kept));
  }
}
