package org.yizhan.api;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yizhan.error.Violation;
import org.yizhan.warning.Warning;
import org.yizhan.warning.WarningDraft;
import org.yizhan.warning.WarningKind;
import org.yizhan.warning.WarningLevel;

/** Warnings as the API writes and reads them. */
final class WarningJson {

  private WarningJson() {}

  /** The public form: what, where, when. */
  static JsonObject publicJson(Warning w) {
    return new JsonObject()
        .put("id", w.id())
        .put("kind", w.kind().code())
        .put("level", w.level().code())
        .put("city", w.city())
        .put("from", w.from().toString())
        .put("until", w.end().toString())
        .put("source", w.source().code());
  }

  /** The admin form: also its state, who set it, and whether it was ended early. */
  static JsonObject adminJson(Warning w, Instant now) {
    return publicJson(w)
        .put("until", w.until().toString())
        .put("ended_at", w.endedAt() == null ? null : w.endedAt().toString())
        .put("state", w.stateAt(now).code())
        .put("set_by", w.setBy())
        .put("created_at", w.createdAt().toString());
  }

  /** Reads {@code kind, level, city, from, until}; every bad field is named. */
  static WarningDraft readDraft(JsonObject body) {
    List<Violation> problems = new ArrayList<>();
    for (String name : body.fieldNames()) {
      if (!Set.of("kind", "level", "city", "from", "until").contains(name)) {
        problems.add(Violation.of(name, "unknown field"));
      }
    }
    WarningKind kind = WarningKind.findByCode(text(body, "kind")).orElse(null);
    if (kind == null) {
      problems.add(Violation.of("kind", "must be heat or cold"));
    }
    WarningLevel level = WarningLevel.findByCode(text(body, "level")).orElse(null);
    if (level == null) {
      problems.add(Violation.of("level", "must be blue, yellow, orange or red"));
    }
    String city = text(body, "city");
    if (city == null || city.isBlank()) {
      problems.add(Violation.of("city", "is required: a city of the registry"));
    } else if (city.length() > 100) {
      problems.add(Violation.of("city", "is longer than 100 characters"));
    }
    Instant from = time(body, "from", problems);
    Instant until = time(body, "until", problems);
    WarningDraft d = new WarningDraft(kind, level, city == null ? null : city.strip(), from, until);
    problems.addAll(d.violations());
    if (!problems.isEmpty()) {
      throw ProblemException.invalid(problems);
    }
    return d;
  }

  private static String text(JsonObject body, String field) {
    Object v = body.getValue(field);
    return v instanceof String s ? s : null;
  }

  private static Instant time(JsonObject body, String field, List<Violation> problems) {
    String s = text(body, field);
    if (s == null) {
      problems.add(
          Violation.of(field, "is required: a time with offset, e.g. 2026-07-10T12:00:00+08:00"));
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(
          Violation.of(field, "must be a time with offset, e.g. 2026-07-10T12:00:00+08:00"));
      return null;
    }
  }
}
