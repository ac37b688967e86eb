package org.yizhan.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;
import org.yizhan.geo.ChinaCrs;
import org.yizhan.planning.AreaCoverage;
import org.yizhan.planning.CoverageEngine;
import org.yizhan.planning.CoverageReport;
import org.yizhan.planning.PlanKind;
import org.yizhan.planning.PlanNetwork;
import org.yizhan.planning.PlanRequest;
import org.yizhan.planning.PlanResult;
import org.yizhan.planning.PlanSet;
import org.yizhan.planning.PointCrs;
import org.yizhan.planning.runs.RunView;
import org.yizhan.planning.siting.SitingMethod;
import org.yizhan.planning.siting.SitingResult;
import org.yizhan.planning.use.StationUse;
import org.yizhan.planning.use.UseReport;

/**
 * The planning API's JSON: run requests read into {@link PlanRequest} (every bad field named at
 * once), and sets, runs, answers and station use rendered. Coordinates go out as WGS-84 unless
 * GCJ-02 is asked for.
 */
final class PlanningJson {

  private static final Set<String> RUN_FIELDS =
      Set.of(
          "kind",
          "name",
          "demand",
          "candidates",
          "radius_m",
          "k",
          "target_share",
          "method",
          "time_limit_s",
          "added",
          "removed",
          "keep_existing",
          "overflow",
          "max_distance_m");

  private PlanningJson() {}

  /** Reads a run request; every problem is listed in one refusal. */
  static PlanRequest request(JsonObject b) {
    List<Violation> bad = new ArrayList<>();
    for (String f : b.fieldNames()) {
      if (!RUN_FIELDS.contains(f)) {
        bad.add(Violation.of(f, "unknown field"));
      }
    }
    PlanKind kind =
        PlanKind.findByCode(string(b, "kind", "mclp", bad))
            .orElseGet(
                () -> {
                  bad.add(Violation.of("kind", "must be coverage, mclp, lscp or p_median"));
                  return PlanKind.COVERAGE;
                });
    String name = string(b, "name", null, bad);
    String demand = string(b, "demand", null, bad);
    double radius = number(b, "radius_m", CoverageEngine.DEFAULT_RADIUS_M, bad);
    int k = (int) number(b, "k", 10, bad);
    double target = number(b, "target_share", 0.9, bad);
    double timeLimit = number(b, "time_limit_s", 60, bad);
    double maxDistance = number(b, "max_distance_m", Math.max(radius, 10_000), bad);
    SitingMethod method = SitingMethod.AUTO;
    String m = string(b, "method", "auto", bad);
    try {
      method = SitingMethod.valueOf(m.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      bad.add(Violation.of("method", "must be auto, heuristic, mip or cp_sat"));
    }
    PlanRequest.Candidates candidates = candidates(b.getValue("candidates"), kind, bad);
    List<PlanNetwork.Site> added = added(b.getValue("added"), bad);
    List<String> removed = new ArrayList<>();
    Object r = b.getValue("removed");
    if (r instanceof JsonArray a) {
      for (Object o : a) {
        if (o instanceof String s) {
          removed.add(s);
        } else {
          bad.add(Violation.of("removed", "must list station ids"));
        }
      }
    } else if (r != null) {
      bad.add(Violation.of("removed", "must be an array of station ids"));
    }
    Object keep = b.getValue("keep_existing");
    if (keep != null && !(keep instanceof Boolean)) {
      bad.add(Violation.of("keep_existing", "must be true or false"));
    }
    Optional<PlanRequest.Overflow> overflow = Optional.empty();
    Object o = b.getValue("overflow");
    if (o instanceof JsonObject ov) {
      try {
        overflow =
            Optional.of(
                new PlanRequest.Overflow(
                    (int) number(ov, "days", 28, bad), number(ov, "factor", 1, bad)));
      } catch (DomainException.InvalidInput e) {
        bad.addAll(e.violations());
      }
    } else if (o != null) {
      bad.add(Violation.of("overflow", "must be an object {days, factor}"));
    }
    if (!bad.isEmpty()) {
      throw ProblemException.invalid(bad);
    }
    try {
      return new PlanRequest(
          kind,
          name,
          demand,
          candidates,
          radius,
          k,
          target,
          method,
          Duration.ofMillis((long) (timeLimit * 1000)),
          added,
          removed,
          keep == null || (Boolean) keep,
          overflow,
          maxDistance);
    } catch (DomainException.InvalidInput e) {
      throw ProblemException.invalid(e.violations());
    }
  }

  private static PlanRequest.Candidates candidates(Object v, PlanKind kind, List<Violation> bad) {
    if (v == null) {
      return new PlanRequest.Candidates.None();
    }
    if (!(v instanceof JsonObject c)) {
      bad.add(Violation.of("candidates", "must be {set}, {grid_spacing_m} or {at_demand: true}"));
      return new PlanRequest.Candidates.None();
    }
    if (c.getValue("set") instanceof String s) {
      return new PlanRequest.Candidates.Stored(s);
    }
    if (c.containsKey("grid_spacing_m")) {
      return new PlanRequest.Candidates.Grid(number(c, "grid_spacing_m", 500, bad));
    }
    if (Boolean.TRUE.equals(c.getValue("at_demand"))) {
      return new PlanRequest.Candidates.AtDemand();
    }
    bad.add(Violation.of("candidates", "must be {set}, {grid_spacing_m} or {at_demand: true}"));
    return new PlanRequest.Candidates.None();
  }

  private static List<PlanNetwork.Site> added(Object v, List<Violation> bad) {
    List<PlanNetwork.Site> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof JsonArray a)) {
      bad.add(Violation.of("added", "must be an array of {lon, lat, id?}"));
      return out;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!(a.getValue(i) instanceof JsonObject s)
          || !(s.getValue("lat") instanceof Number lat)
          || !(s.getValue("lon") instanceof Number lon)
          || !(Math.abs(lat.doubleValue()) <= 90 && Math.abs(lon.doubleValue()) <= 180)) {
        bad.add(Violation.of("added[" + i + "]", "must be {lon, lat} in range"));
        continue;
      }
      String id = s.getValue("id") instanceof String given ? given : "added-" + (i + 1);
      out.add(new PlanNetwork.Site(id, lat.doubleValue(), lon.doubleValue(), null, null));
    }
    return out;
  }

  private static String string(JsonObject b, String f, String fallback, List<Violation> bad) {
    Object v = b.getValue(f);
    if (v == null) {
      if (fallback == null) {
        bad.add(Violation.of(f, "is required"));
        return "";
      }
      return fallback;
    }
    if (v instanceof String s) {
      return s;
    }
    bad.add(Violation.of(f, "must be a string"));
    return fallback == null ? "" : fallback;
  }

  private static double number(JsonObject b, String f, double fallback, List<Violation> bad) {
    Object v = b.getValue(f);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    bad.add(Violation.of(f, "must be a number"));
    return fallback;
  }

  static JsonObject set(PlanSet s) {
    return new JsonObject()
        .put("kind", s.kind().code())
        .put("name", s.name())
        .put("created_at", s.createdAt().toString())
        .put("updated_at", s.updatedAt().toString())
        .put("point_count", s.pointCount())
        .put("total_weight", s.totalWeight());
  }

  /** A run as it stands; with {@code withResult}, its answer's summary once done. */
  static JsonObject run(RunView<?> v, boolean withResult) {
    JsonObject o =
        new JsonObject()
            .put("id", v.id())
            .put("kind", v.kind())
            .put("name", v.name())
            .put("owner", v.owner())
            .put("state", v.state().code())
            .put("fraction", v.fraction())
            .put("phase", v.phase())
            .put("submitted_at", v.submitted().toString());
    v.started().ifPresent(t -> o.put("started_at", t.toString()));
    v.finished().ifPresent(t -> o.put("finished_at", t.toString()));
    v.error().ifPresent(e -> o.put("error", e));
    if (withResult && v.result().orElse(null) instanceof PlanResult r) {
      o.put("result", result(r));
    }
    return o;
  }

  /** An answer's summary: coverage before and after, the sites, the proof of quality. */
  static JsonObject result(PlanResult r) {
    JsonObject o = new JsonObject().put("before", coverage(r.before()));
    r.after().ifPresent(a -> o.put("after", coverage(a)));
    r.siting().ifPresent(s -> o.put("siting", siting(s)));
    JsonArray sites = new JsonArray();
    for (PlanResult.ProposedSite s : r.sites()) {
      sites.add(
          new JsonObject()
              .put("rank", s.rank())
              .put("lon", s.lon())
              .put("lat", s.lat())
              .put("label", s.label())
              .put("gain", s.gain()));
    }
    o.put("sites", sites).put("notes", new JsonArray(r.notes()));
    o.put(
        "request",
        new JsonObject()
            .put("demand", r.request().demand())
            .put("radius_m", r.request().radiusM())
            .put("k", r.request().k())
            .put("target_share", r.request().targetShare())
            .put("keep_existing", r.request().keepExisting())
            .put("added", r.request().added().size())
            .put("removed", new JsonArray(r.request().removed())));
    return o;
  }

  private static JsonObject siting(SitingResult s) {
    return new JsonObject()
        .put("model", s.model().name().toLowerCase(Locale.ROOT))
        .put("objective", s.objective())
        .put("bound", s.bound())
        .put("gap", s.gap())
        .put("status", s.status().name().toLowerCase(Locale.ROOT))
        .put("optimal", s.status().name().equals("OPTIMAL"))
        .put("method", s.method())
        .put("covered_share", s.coveredShare())
        .put("elapsed_ms", s.elapsedMs());
  }

  static JsonObject coverage(CoverageReport c) {
    JsonArray cities = new JsonArray();
    for (AreaCoverage a : c.byCity()) {
      cities.add(area(a));
    }
    JsonArray districts = new JsonArray();
    for (AreaCoverage a : c.byDistrict()) {
      districts.add(area(a));
    }
    return new JsonObject()
        .put("radius_m", c.radiusM())
        .put("points", c.points())
        .put("total_weight", c.totalWeight())
        .put("covered_weight", c.coveredWeight())
        .put("share", c.share())
        .put("uncovered_points", c.uncovered().length)
        .put("stations", c.network().size())
        .put("idle_stations", new JsonArray(c.idleSiteIds()))
        .put("by_city", cities)
        .put("by_district", districts);
  }

  private static JsonObject area(AreaCoverage a) {
    return new JsonObject()
        .put("city", a.city())
        .put("district", a.district())
        .put("points", a.points())
        .put("covered_points", a.coveredPoints())
        .put("total_weight", a.totalWeight())
        .put("covered_weight", a.coveredWeight())
        .put("share", a.share());
  }

  /** A position in the asked system: [lon, lat]. */
  static double[] position(double lat, double lon, PointCrs crs) {
    return crs == PointCrs.GCJ02 ? ChinaCrs.wgsToGcj(lon, lat) : new double[] {lon, lat};
  }

  /**
   * Station use: the overloaded and under-used lists (the first {@code limit} of each, with their
   * full counts); every station only when asked ({@code withStations}: a national network is
   * 186,100 rows).
   */
  static JsonObject use(UseReport r, boolean withStations, int limit) {
    JsonObject o =
        new JsonObject()
            .put("from", r.from().toString())
            .put("to", r.to().toString())
            .put(
                "rules",
                new JsonObject()
                    .put("full_share", r.rules().fullShare())
                    .put("overloaded_share", r.rules().overloadedShare())
                    .put("underused_share", r.rules().underusedShare())
                    .put("min_open_hours", r.rules().minOpenHours()))
            .put("overloaded_count", r.overloaded().size())
            .put("underused_count", r.underused().size())
            .put("overloaded", uses(r.overloaded().stream().limit(limit).toList(), false))
            .put("underused", uses(r.underused().stream().limit(limit).toList(), false));
    if (withStations) {
      o.put("stations", uses(r.stations(), false));
    }
    return o;
  }

  private static JsonArray uses(List<StationUse> list, boolean heat) {
    JsonArray a = new JsonArray();
    for (StationUse u : list) {
      a.add(use(u, heat));
    }
    return a;
  }

  static JsonObject use(StationUse u, boolean withHeat) {
    JsonObject o =
        new JsonObject()
            .put("station_id", u.stationId())
            .put("name", u.name())
            .put("city", u.city())
            .put("district", u.district())
            .put("capacity", u.capacity())
            .put("hours_with_data", u.hoursWithData())
            .put("open_hours", u.openHours())
            .put("full_share", finite(u.fullShare()))
            .put("mean_occupancy", finite(u.meanOccupancy()))
            .put("mean_occupancy_share", finite(u.meanOccupancyShare()))
            .put("hot_hours", u.hotHours())
            .put("cold_hours", u.coldHours())
            .put("full_reports", u.fullReports());
    if (withHeat) {
      JsonArray days = new JsonArray();
      for (double[] day : u.heat()) {
        JsonArray hours = new JsonArray();
        for (double h : day) {
          hours.add(finite(h));
        }
        days.add(hours);
      }
      o.put("heat", days);
    }
    return o;
  }

  /** NaN (no data) as JSON null. */
  private static Double finite(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
