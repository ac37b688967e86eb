package org.yizhan.api;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yizhan.error.Violation;
import org.yizhan.text.StoredText;
import org.yizhan.text.StrictNumbers;

/**
 * Query-string parsing at the edge: every parameter is checked for type and range, unknown or
 * repeated parameters are refused, and each problem names its parameter. Two extras are accepted
 * everywhere and otherwise ignored: {@code f=json} (the OGC API output format; JSON is the only one
 * this API speaks, so any other value is refused) and {@code _} (a cache-buster some clients add).
 * Numbers are plain ASCII decimals ({@link StrictNumbers}); no value may carry NUL or control
 * characters, so nothing read here can make a database statement fail.
 */
final class Params {

  /** Accepted on every route besides its own parameters; see {@link #checkExtras}. */
  static final Set<String> EXTRAS = Set.of("f", "_");

  private final MultiMap params;

  private Params(MultiMap params) {
    this.params = params;
  }

  /** Wraps the query parameters, refusing any not in {@code allowed}. */
  static Params of(MultiMap params, Set<String> allowed) {
    List<Violation> unknown = new ArrayList<>();
    for (String name : params.names()) {
      if (!allowed.contains(name) && !EXTRAS.contains(name)) {
        unknown.add(
            Violation.of(name, "unknown parameter; known: " + String.join(", ", sorted(allowed))));
      }
    }
    if (!unknown.isEmpty()) {
      throw ProblemException.invalid(unknown);
    }
    for (var entry : params.entries()) {
      String problem = StoredText.problem(entry.getValue(), false);
      if (problem != null) {
        throw ProblemException.invalid(entry.getKey(), problem);
      }
    }
    if (!allowed.contains("f")) {
      checkExtras(params);
    }
    return new Params(params);
  }

  /** {@code f} may only ask for JSON, once; {@code _} takes any value. */
  private static void checkExtras(MultiMap params) {
    List<String> f = params.getAll("f");
    if (f.size() > 1) {
      throw ProblemException.invalid("f", "given more than once");
    }
    if (f.size() == 1 && !"json".equals(f.get(0).strip())) {
      throw ProblemException.invalid(
          "f", "only 'json' is offered here, got '" + clip(f.get(0)) + "'");
    }
  }

  /** The single value of a parameter, or null; blank counts as absent. */
  String single(String name) {
    List<String> all = params.getAll(name);
    if (all.isEmpty()) {
      return null;
    }
    if (all.size() > 1) {
      throw ProblemException.invalid(name, "given more than once");
    }
    String v = all.get(0).strip();
    return v.isEmpty() ? null : v;
  }

  /** Every value of a repeatable parameter, commas also separating values. */
  List<String> multi(String name) {
    List<String> out = new ArrayList<>();
    for (String v : params.getAll(name)) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  double requiredDouble(String name, double min, double max) {
    String v = single(name);
    if (v == null) {
      throw ProblemException.invalid(name, "is required");
    }
    return parseDouble(name, v, min, max);
  }

  double optionalDouble(String name, double fallback, double min, double max) {
    String v = single(name);
    return v == null ? fallback : parseDouble(name, v, min, max);
  }

  int optionalInt(String name, int fallback, int min, int max) {
    String v = single(name);
    if (v == null) {
      return fallback;
    }
    Long l = StrictNumbers.integer(v);
    if (l == null) {
      throw ProblemException.invalid(name, "must be an integer, got '" + clip(v) + "'");
    }
    if (l < min || l > max) {
      throw ProblemException.invalid(name, "must be between " + min + " and " + max + ", got " + l);
    }
    return l.intValue();
  }

  boolean optionalBoolean(String name, boolean fallback) {
    String v = single(name);
    if (v == null) {
      return fallback;
    }
    return switch (v) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default ->
          throw ProblemException.invalid(name, "must be true or false, got '" + clip(v) + "'");
    };
  }

  static double parseDouble(String name, String v, double min, double max) {
    Double d = StrictNumbers.decimal(v);
    if (d == null) {
      throw ProblemException.invalid(
          name, "must be a finite decimal number like 37.87, got '" + clip(v) + "'");
    }
    if (d < min || d > max) {
      throw ProblemException.invalid(
          name, "must be between " + trim(min) + " and " + trim(max) + ", got " + clip(v));
    }
    return d;
  }

  /**
   * An RFC 3339 UTC time within {@code [earliest, latest]}, or {@code fallback} when absent: the
   * bounds keep a value inside what the database and {@link java.sql.Timestamp} can hold.
   */
  Instant optionalInstant(String name, Instant fallback, Instant earliest, Instant latest) {
    String v = single(name);
    if (v == null) {
      return fallback;
    }
    Instant t;
    try {
      t = Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid(
          name, "must be an RFC 3339 UTC time like 2026-07-15T04:30:00Z, got '" + clip(v) + "'");
    }
    if (t.isBefore(earliest) || t.isAfter(latest)) {
      throw ProblemException.invalid(
          name, "must be between " + earliest + " and " + latest + ", got " + clip(v));
    }
    return t;
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** A numeric id from the path; anything else is no such thing (404). */
  static long pathId(io.vertx.ext.web.RoutingContext ctx, String what) {
    String raw = ctx.pathParam("id");
    Long id = StrictNumbers.integer(raw);
    if (id == null) {
      throw ProblemException.notFound(what, clip(raw));
    }
    return id;
  }

  static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
