package org.yizhan.station.hours;

import ch.poole.openinghoursparser.OpeningHoursParseException;
import ch.poole.openinghoursparser.OpeningHoursParser;
import ch.poole.openinghoursparser.Rule;
import ch.poole.openinghoursparser.TokenMgrError;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Parsed OpenStreetMap {@code opening_hours}, evaluated in Asia/Shanghai local time. Parsing uses
 * the {@code ch.poole} parser; evaluation is ours (see {@link DayPlan#evaluate} for the rule
 * semantics). Anything we cannot decide (holidays, sunrise, open ends, comments) yields {@link
 * OpenState#UNKNOWN} rather than a guess. A holiday selector is tried both ways, so only the
 * minutes it could actually change become UNKNOWN: {@code Mo-Fr 08:00-18:00; PH off} is UNKNOWN on
 * weekdays 08-18 but CLOSED at night and at weekends, and a lone {@code PH off} is always CLOSED.
 *
 * <p>{@link #stateAt} runs in hot search loops, so specs whose rules depend only on the weekday
 * (the common case) are flattened at parse time into minute-of-week bitsets and answered with one
 * lookup; date-dependent specs evaluate one day at a time and cache the last day. Instances are
 * immutable from the outside and thread-safe.
 *
 * <p>Over 300 lines on purpose: the translation from the parser's rule tree into day plans and the
 * flattening into bitsets must agree rule for rule, so they stay side by side.
 */
public final class OpeningHours {
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  /** 1992-01-01T00:00+08:00: Asia/Shanghai has been a plain +08:00 since DST ended in 1991. */
  private static final long FIXED_OFFSET_SINCE = 694_195_200L;

  private static final int FIXED_OFFSET_SECONDS = 8 * 3600;
  private static final int DAY = CompiledRule.DAY;
  private static final int WEEK = 7 * DAY;
  private static final int HORIZON_DAYS = 8;

  /** Any Monday; weekly specs do not depend on which one. */
  private static final LocalDate REFERENCE_MONDAY = LocalDate.of(2024, 1, 1);

  private final String spec;
  private final CompiledRule[] rules;
  private final int[] cuts;

  /** Per weekday (Monday first) plans and their minute-of-week bitsets; null if date-dependent. */
  private final DayPlan[] week;

  private final long[] openBits;
  private final long[] unknownBits;
  private final boolean alwaysOpen;

  /** The last day evaluated for a date-dependent spec (stations are asked about "now"). */
  private volatile CachedDay cached;

  /** The last answer of {@link #windowAt}; every query near the same instant reuses it. */
  private volatile Window window;

  private record CachedDay(long epochDay, DayPlan plan) {}

  private OpeningHours(String spec, CompiledRule[] rules) {
    this.spec = spec;
    this.rules = rules;
    TreeSet<Integer> edges = new TreeSet<>();
    edges.add(0);
    boolean weekly = true;
    for (CompiledRule rule : rules) {
      rule.addCuts(edges);
      weekly &= rule.days.weekly();
    }
    this.cuts = edges.stream().mapToInt(Integer::intValue).toArray();
    if (!weekly) {
      this.week = null;
      this.openBits = null;
      this.unknownBits = null;
      this.alwaysOpen = false;
      return;
    }
    this.week = new DayPlan[7];
    this.openBits = new long[(WEEK + 63) / 64];
    this.unknownBits = new long[(WEEK + 63) / 64];
    boolean open = true;
    for (int d = 0; d < 7; d++) {
      week[d] = DayPlan.evaluate(rules, cuts, REFERENCE_MONDAY.plusDays(d));
      for (int m = 0; m < DAY; m++) {
        OpenState s = week[d].stateAt(m);
        int bit = d * DAY + m;
        if (s == OpenState.OPEN) {
          openBits[bit >>> 6] |= 1L << bit;
        } else if (s == OpenState.UNKNOWN) {
          unknownBits[bit >>> 6] |= 1L << bit;
        }
        open &= s == OpenState.OPEN;
      }
    }
    this.alwaysOpen = open;
  }

  /**
   * Parses strictly (e.g. hours must have minutes); only the "end before start" check is relaxed so
   * that {@code 22:00-03:00} means "until 03:00 the next morning".
   *
   * @throws InvalidOpeningHoursException for null/blank text or invalid syntax, with a one-line
   *     message including the parser's reason and position
   */
  public static OpeningHours parse(String spec) throws InvalidOpeningHoursException {
    if (spec == null || spec.isBlank()) {
      throw new InvalidOpeningHoursException("opening hours are empty");
    }
    String text = spec.trim();
    List<Rule> parsed;
    try {
      parsed = new OpeningHoursParser(new StringReader(text)).rules(true, false);
    } catch (OpeningHoursParseException e) {
      throw new InvalidOpeningHoursException(describe(e));
    } catch (TokenMgrError | RuntimeException e) {
      throw new InvalidOpeningHoursException("invalid opening hours: " + firstLine(e.getMessage()));
    }
    List<CompiledRule> compiled = new ArrayList<>();
    for (Rule rule : parsed) {
      if (!rule.isEmpty()) {
        compiled.add(CompiledRule.of(rule));
      }
    }
    if (compiled.isEmpty()) {
      throw new InvalidOpeningHoursException("invalid opening hours: no rules");
    }
    return new OpeningHours(text, compiled.toArray(new CompiledRule[0]));
  }

  private static String describe(OpeningHoursParseException e) {
    List<OpeningHoursParseException> all = e.getExceptions();
    String first = firstLine(all.isEmpty() ? e.getMessage() : all.get(0).getMessage());
    String more = all.size() > 1 ? " (+" + (all.size() - 1) + " more)" : "";
    return "invalid opening hours: " + first + more;
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "syntax error";
    }
    String line = message.strip().lines().findFirst().orElse("").replaceAll("\\s+", " ");
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }

  /** The trimmed original text. */
  public String spec() {
    return spec;
  }

  /**
   * True when the state depends only on the weekday and the time of day (no dates, no holidays that
   * move), so that one week says it for every week.
   */
  public boolean isWeekly() {
    return openBits != null;
  }

  /** True when open at every minute of every week, e.g. {@code 24/7} or {@code 00:00-24:00}. */
  public boolean isAlwaysOpen() {
    return alwaysOpen;
  }

  /** The state at {@code t}, judged in Asia/Shanghai local time. */
  public OpenState stateAt(Instant t) {
    long minute = Math.floorDiv(localSeconds(t), 60);
    if (openBits != null) {
      long day = Math.floorDiv(minute, DAY);
      int bit = (int) Math.floorMod(day + 3, 7) * DAY + (int) (minute - day * DAY);
      if ((openBits[bit >>> 6] & (1L << bit)) != 0) {
        return OpenState.OPEN;
      }
      return (unknownBits[bit >>> 6] & (1L << bit)) != 0 ? OpenState.UNKNOWN : OpenState.CLOSED;
    }
    return byDay(minute);
  }

  /** Evaluation through day plans only, bypassing the bitsets; lets tests cross-check both. */
  OpenState stateAtByDay(Instant t) {
    return byDay(Math.floorDiv(localSeconds(t), 60));
  }

  private OpenState byDay(long localMinute) {
    long day = Math.floorDiv(localMinute, DAY);
    return plan(day).stateAt((int) (localMinute - day * DAY));
  }

  /**
   * The state at {@code t} and when it next changes, as one value that stays valid for every
   * instant in {@code [from, until)}. Repeated calls within that span return the same object
   * without evaluating the hours again, which is what answering many queries per second needs.
   */
  public Window windowAt(Instant t) {
    Window w = window;
    if (w != null && w.covers(t)) {
      return w;
    }
    OpenState state = stateAt(t);
    Instant next = nextChangeAfter(t).orElse(null);
    Instant until;
    if (next != null) {
      until = next;
    } else if (alwaysOpen) {
      until = null;
    } else {
      // Unknown, or no change within the horizon: look again from the next minute.
      until = Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 60) * 60 + 60);
    }
    w = new Window(state, t, until, next);
    window = w;
    return w;
  }

  /** The open state over {@code [from, until)} ({@code until} null: for ever). */
  public static final class Window {
    private final OpenState state;
    private final Instant from;
    private final Instant until;
    private final Instant nextChange;
    private final String nextChangeJson;

    Window(OpenState state, Instant from, Instant until, Instant nextChange) {
      this.state = state;
      this.from = from;
      this.until = until;
      this.nextChange = nextChange;
      this.nextChangeJson = nextChange == null ? "null" : "\"" + nextChange + "\"";
    }

    public OpenState state() {
      return state;
    }

    /** See {@link #nextChangeAfter}; null when there is none. */
    public Instant nextChange() {
      return nextChange;
    }

    /** {@link #nextChange} as a JSON value: a quoted RFC 3339 instant, or {@code null}. */
    public String nextChangeJson() {
      return nextChangeJson;
    }

    /** Closed at every instant, with no next change: how an administrative closure reads. */
    public static Window closedForGood() {
      return new Window(OpenState.CLOSED, Instant.MIN, null, null);
    }

    boolean covers(Instant t) {
      return !t.isBefore(from) && (until == null || t.isBefore(until));
    }
  }

  /**
   * The first instant after {@code t} (at most 8 days later) whose state differs from the state at
   * {@code t}, e.g. the closing time when open. Empty if the state does not change within the
   * horizon or is UNKNOWN at {@code t}. A change into UNKNOWN (e.g. a day that might be a public
   * holiday) counts as a change.
   */
  public Optional<Instant> nextChangeAfter(Instant t) {
    long minute = Math.floorDiv(localSeconds(t), 60);
    OpenState now = stateAt(t);
    if (now == OpenState.UNKNOWN || alwaysOpen) {
      return Optional.empty();
    }
    long limit = minute + (long) HORIZON_DAYS * DAY;
    for (long day = Math.floorDiv(minute, DAY); day * DAY <= limit; day++) {
      DayPlan plan = plan(day);
      for (int i = 0; i < plan.segments(); i++) {
        long start = day * DAY + plan.segmentStart(i);
        if (start > minute && plan.segmentState(i) != now) {
          return start <= limit ? Optional.of(toInstant(start)) : Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private DayPlan plan(long epochDay) {
    if (week != null) {
      return week[(int) Math.floorMod(epochDay + 3, 7)];
    }
    CachedDay c = cached;
    if (c == null || c.epochDay != epochDay) {
      c = new CachedDay(epochDay, DayPlan.evaluate(rules, cuts, LocalDate.ofEpochDay(epochDay)));
      cached = c;
    }
    return c.plan;
  }

  /**
   * The hours of a local day (days since 1970-01-01 on the Shanghai wall clock) whose middle
   * ({@code hh:30}) is {@link OpenState#CLOSED}: bit {@code h} for the hour starting {@code h:00}.
   * One evaluation of the day, for callers that judge many hours of it.
   */
  public int closedHours(long localDay) {
    int closed = 0;
    for (int h = 0; h < 24; h++) {
      long minute = localDay * DAY + h * 60L + 30;
      OpenState state;
      if (openBits != null) {
        int bit = (int) Math.floorMod(localDay + 3, 7) * DAY + h * 60 + 30;
        state =
            (openBits[bit >>> 6] & (1L << bit)) != 0
                ? OpenState.OPEN
                : (unknownBits[bit >>> 6] & (1L << bit)) != 0
                    ? OpenState.UNKNOWN
                    : OpenState.CLOSED;
      } else {
        state = byDay(minute);
      }
      if (state == OpenState.CLOSED) {
        closed |= 1 << h;
      }
    }
    return closed;
  }

  /** Hours since 1970-01-01T00:00 on the Shanghai wall clock, of the second {@code epochSecond}. */
  public static long localHour(long epochSecond) {
    long local =
        epochSecond >= FIXED_OFFSET_SINCE
            ? epochSecond + FIXED_OFFSET_SECONDS
            : localSeconds(Instant.ofEpochSecond(epochSecond));
    return Math.floorDiv(local, 3600);
  }

  /**
   * The hour of the week, Monday 00:00 first (0 to 167), in Asia/Shanghai local time, of the second
   * {@code epochSecond}: arithmetic, no objects, for counting millions of hours.
   */
  public static int hourOfWeek(long epochSecond) {
    long local =
        epochSecond >= FIXED_OFFSET_SINCE
            ? epochSecond + FIXED_OFFSET_SECONDS
            : localSeconds(Instant.ofEpochSecond(epochSecond));
    long hour = Math.floorDiv(local, 3600);
    // 1970-01-01 was a Thursday: three days (72 hours) after a Monday.
    return (int) Math.floorMod(hour + 72, 168);
  }

  /** Seconds since 1970-01-01T00:00 on the Shanghai wall clock. */
  private static long localSeconds(Instant t) {
    long s = t.getEpochSecond();
    if (s >= FIXED_OFFSET_SINCE) {
      return s + FIXED_OFFSET_SECONDS;
    }
    return s + ZONE.getRules().getOffset(t).getTotalSeconds();
  }

  private static Instant toInstant(long localMinute) {
    long local = localMinute * 60;
    if (local - FIXED_OFFSET_SECONDS >= FIXED_OFFSET_SINCE) {
      return Instant.ofEpochSecond(local - FIXED_OFFSET_SECONDS);
    }
    return LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC).atZone(ZONE).toInstant();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpeningHours other && spec.equals(other.spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  @Override
  public String toString() {
    return spec;
  }
}
