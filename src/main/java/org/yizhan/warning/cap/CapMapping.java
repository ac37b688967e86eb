package org.yizhan.warning.cap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yizhan.warning.CityNames;
import org.yizhan.warning.WarningDraft;
import org.yizhan.warning.WarningKind;
import org.yizhan.warning.WarningLevel;
import org.yizhan.warning.Warnings;

/**
 * Maps CAP entries to warnings: {@code event} to the kind, the colour named in the event or
 * headline (else {@code severity}) to the level, {@code areaDesc} to a registry city, {@code
 * effective}/{@code expires} to the period. What cannot be used is counted by reason, never
 * guessed: docs/admin.md lists the rules.
 */
public final class CapMapping {

  /** Why an entry was not used; the code is what the log and the metrics name. */
  public enum Ignored {
    NOT_ACTUAL,
    CANCEL,
    UNKNOWN_EVENT,
    UNKNOWN_LEVEL,
    UNKNOWN_AREA,
    NO_PERIOD,
    INVALID_PERIOD;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What one document gave: the warnings, and how many entries were ignored for each reason. */
  public record Result(List<Warnings.FeedWarning> warnings, Map<Ignored, Integer> ignored) {
    public int ignoredCount() {
      return ignored.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private CapMapping() {}

  public static Result map(List<CapEntry> entries, CityNames cities) {
    List<Warnings.FeedWarning> out = new ArrayList<>();
    Map<Ignored, Integer> ignored = new TreeMap<>();
    for (CapEntry e : entries) {
      Ignored why = null;
      Optional<WarningKind> kind = kind(e.event());
      Optional<WarningLevel> level = level(e);
      Optional<String> city = cities.findInArea(e.areaDesc());
      if (e.status() != null && !"Actual".equalsIgnoreCase(e.status())) {
        why = Ignored.NOT_ACTUAL;
      } else if ("Cancel".equalsIgnoreCase(e.msgType())) {
        why = Ignored.CANCEL;
      } else if (kind.isEmpty()) {
        why = Ignored.UNKNOWN_EVENT;
      } else if (level.isEmpty()) {
        why = Ignored.UNKNOWN_LEVEL;
      } else if (city.isEmpty()) {
        why = Ignored.UNKNOWN_AREA;
      } else if (e.effective() == null || e.expires() == null) {
        why = Ignored.NO_PERIOD;
      }
      if (why == null) {
        WarningDraft d =
            new WarningDraft(kind.get(), level.get(), city.get(), e.effective(), e.expires());
        if (!d.violations().isEmpty()) {
          why = Ignored.INVALID_PERIOD;
        } else {
          String id = (e.identifier() == null ? "" : e.identifier()) + "#" + city.get();
          out.add(new Warnings.FeedWarning(d, id + "#" + kind.get().code()));
        }
      }
      if (why != null) {
        ignored.merge(why, 1, Integer::sum);
      }
    }
    return new Result(List.copyOf(out), Map.copyOf(ignored));
  }

  /** 高温 is heat; 寒潮 (cold wave) and 低温 (low temperature) are cold; English names too. */
  static Optional<WarningKind> kind(String event) {
    if (event == null) {
      return Optional.empty();
    }
    String e = event.toLowerCase(Locale.ROOT);
    if (e.contains("高温") || e.contains("heat")) {
      return Optional.of(WarningKind.HEAT);
    }
    if (e.contains("寒潮") || e.contains("低温") || e.contains("cold")) {
      return Optional.of(WarningKind.COLD);
    }
    return Optional.empty();
  }

  /**
   * The colour the service names ("高温橙色预警", "Orange Warning") decides; without one, CAP's severity:
   * Extreme red, Severe orange, Moderate yellow, Minor blue.
   */
  static Optional<WarningLevel> level(CapEntry e) {
    for (String text : new String[] {e.event(), e.headline()}) {
      Optional<WarningLevel> named = colour(text);
      if (named.isPresent()) {
        return named;
      }
    }
    if (e.severity() == null) {
      return Optional.empty();
    }
    return switch (e.severity().toLowerCase(Locale.ROOT)) {
      case "extreme" -> Optional.of(WarningLevel.RED);
      case "severe" -> Optional.of(WarningLevel.ORANGE);
      case "moderate" -> Optional.of(WarningLevel.YELLOW);
      case "minor" -> Optional.of(WarningLevel.BLUE);
      default -> Optional.empty();
    };
  }

  /** An English colour as a word: "red", not the end of "entered". */
  private static boolean word(String text, String w) {
    return java.util.regex.Pattern.compile("\\b" + w + "\\b").matcher(text).find();
  }

  private static Optional<WarningLevel> colour(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.toLowerCase(Locale.ROOT);
    if (t.contains("红色") || word(t, "red")) {
      return Optional.of(WarningLevel.RED);
    }
    if (t.contains("橙色") || word(t, "orange")) {
      return Optional.of(WarningLevel.ORANGE);
    }
    if (t.contains("黄色") || word(t, "yellow")) {
      return Optional.of(WarningLevel.YELLOW);
    }
    if (t.contains("蓝色") || word(t, "blue")) {
      return Optional.of(WarningLevel.BLUE);
    }
    return Optional.empty();
  }
}
