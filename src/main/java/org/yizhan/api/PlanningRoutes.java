package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.yizhan.planning.CoverageReport;
import org.yizhan.planning.PlanPoints;
import org.yizhan.planning.PlanPointsUpload;
import org.yizhan.planning.PlanRequest;
import org.yizhan.planning.PlanResult;
import org.yizhan.planning.PlanSetKind;
import org.yizhan.planning.PlanningService;
import org.yizhan.planning.PointCrs;
import org.yizhan.planning.Scenario;
import org.yizhan.planning.runs.RunView;
import org.yizhan.planning.use.UseRules;

/**
 * The planning API under {@code /api/v1/planning}: planners and super admins only, every change
 * audited. Sets are uploaded as files (the station import's body limit); runs are queued and
 * answered when done ({@code 202} with the run's address), their progress streamed as Server-Sent
 * Events; answers export as GeoJSON or CSV in WGS-84 or GCJ-02.
 *
 * <p>Over 300 lines: the planning API's thirteen routes share their guard, their parameter rules
 * and their exports; split, each part would repeat them.
 */
final class PlanningRoutes {

  private static final String BASE = "/api/v1/planning";
  private static final Set<String> UPLOAD_PARAMS = Set.of("format", "crs");
  private static final Set<String> EXPORT_PARAMS = Set.of("format", "crs", "after", CsvBom.PARAM);
  private static final Set<String> USE_PARAMS =
      Set.of(
          "from",
          "to",
          "full_share",
          "overloaded_share",
          "underused_share",
          "min_open_hours",
          "limit",
          "all");

  private final PlanningService planning;
  private final WorkerExecutor db;
  private final AdminAuth admin;
  private final Audit audit;
  private final io.vertx.core.Handler<RoutingContext> uploadBody;

  PlanningRoutes(
      PlanningService planning,
      WorkerExecutor db,
      AdminAuth admin,
      Audit audit,
      io.vertx.core.Handler<RoutingContext> uploadBody) {
    this.planning = planning;
    this.db = db;
    this.admin = admin;
    this.audit = audit;
    this.uploadBody = uploadBody;
  }

  void mount(Router router) {
    var plan = admin.require(AdminAuth.Access.PLAN);
    router.get(BASE + "/sets/:kind").handler(plan).handler(this::listSets);
    router.put(BASE + "/sets/:kind/:name").handler(plan).handler(uploadBody).handler(this::upload);
    router.get(BASE + "/sets/:kind/:name").handler(plan).handler(this::getSet);
    router.delete(BASE + "/sets/:kind/:name").handler(plan).handler(this::deleteSet);
    router.post(BASE + "/candidates/generate").handler(plan).handler(this::generate);
    router.get(BASE + "/use").handler(plan).handler(this::use);
    router.get(BASE + "/use/stations/:id").handler(plan).handler(this::stationUse);
    router.post(BASE + "/runs").handler(plan).handler(this::submit);
    router.get(BASE + "/runs").handler(plan).handler(this::listRuns);
    router.get(BASE + "/runs/:id").handler(plan).handler(this::getRun);
    router.get(BASE + "/runs/:id/events").handler(plan).handler(this::events);
    router.delete(BASE + "/runs/:id").handler(plan).handler(this::cancel);
    router.get(BASE + "/runs/:id/sites").handler(plan).handler(this::sites);
    router.get(BASE + "/runs/:id/uncovered").handler(plan).handler(this::uncovered);
    router.post(BASE + "/scenarios").handler(plan).handler(this::saveScenario);
    router.get(BASE + "/scenarios").handler(plan).handler(this::listScenarios);
    router.get(BASE + "/scenarios/compare").handler(plan).handler(this::compare);
    router.get(BASE + "/scenarios/:name").handler(plan).handler(this::getScenario);
    router.delete(BASE + "/scenarios/:name").handler(plan).handler(this::deleteScenario);
  }

  private static PlanSetKind kind(RoutingContext ctx) {
    return switch (ctx.pathParam("kind")) {
      case "demand" -> PlanSetKind.DEMAND;
      case "candidate", "candidates" -> PlanSetKind.CANDIDATE;
      default -> throw ProblemException.notFound("set kind", ctx.pathParam("kind"));
    };
  }

  private void listSets(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    PlanSetKind kind = kind(ctx);
    Blocking.run(db, ctx, () -> planning.sets(kind))
        .onSuccess(
            list -> {
              JsonArray a = new JsonArray();
              list.forEach(s -> a.add(PlanningJson.set(s)));
              ctx.json(new JsonObject().put("sets", a));
            });
  }

  private void upload(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), UPLOAD_PARAMS);
    PlanSetKind kind = kind(ctx);
    String name = ctx.pathParam("name");
    PlanPointsUpload.Format format =
        format(p.single("format"), ctx.request().getHeader("Content-Type"));
    PointCrs crs = PointCrs.parse(p.single("crs"));
    Buffer body = ctx.body().buffer();
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
              PlanningService.Replaced r =
                  planning.upload(kind, name, format, new StringReader(text), crs);
              who.record(
                  "planning.set.replace",
                  "planning_set",
                  kind.code() + "/" + name,
                  null,
                  null,
                  PlanningJson.set(r.set()));
              return r;
            })
        .onSuccess(
            r ->
                ctx.response()
                    .setStatusCode(r.created() ? 201 : 200)
                    .putHeader("Content-Type", "application/json")
                    .end(PlanningJson.set(r.set()).encode()));
  }

  private static PlanPointsUpload.Format format(String param, String contentType) {
    return UploadFormat.of(param, contentType) == UploadFormat.CSV
        ? PlanPointsUpload.Format.CSV
        : PlanPointsUpload.Format.GEOJSON;
  }

  /** A set's description; with {@code ?format=geojson|csv} its points as a file. */
  private void getSet(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), Set.of("format", "crs", CsvBom.PARAM));
    boolean bom = p.optionalBoolean(CsvBom.PARAM, false);
    PlanSetKind kind = kind(ctx);
    String name = ctx.pathParam("name");
    String format = p.single("format") == null ? null : exportFormat(p.single("format"));
    PointCrs crs = PointCrs.parse(p.single("crs"));
    if (format == null) {
      Blocking.run(db, ctx, () -> planning.set(kind, name))
          .onSuccess(s -> ctx.json(PlanningJson.set(s.set())));
      return;
    }
    Blocking.run(
            db,
            ctx,
            () ->
                render(
                    format, crs, planning.set(kind, name).points(), null, kind.code() + "-" + name))
        .onSuccess(f -> send(ctx, f, bom));
  }

  private void deleteSet(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    PlanSetKind kind = kind(ctx);
    String name = ctx.pathParam("name");
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              planning.delete(kind, name);
              who.record(
                  "planning.set.delete",
                  "planning_set",
                  kind.code() + "/" + name,
                  null,
                  null,
                  null);
              return null;
            })
        .onSuccess(v -> ctx.response().setStatusCode(204).end());
  }

  /** {@code {name, demand, method: grid|demand, spacing_m, radius_m}}. */
  private void generate(RoutingContext ctx) {
    JsonObject b = JsonBodies.object(ctx);
    String name = b.getValue("name") instanceof String s ? s : null;
    String demand = b.getValue("demand") instanceof String s ? s : null;
    String method = b.getValue("method") instanceof String s ? s : "grid";
    if (name == null || demand == null) {
      throw ProblemException.invalid(name == null ? "name" : "demand", "is required");
    }
    if (!method.equals("grid") && !method.equals("demand")) {
      throw ProblemException.invalid("method", "must be grid or demand");
    }
    Optional<Double> spacing =
        method.equals("grid")
            ? Optional.of(b.getValue("spacing_m") instanceof Number n ? n.doubleValue() : 500.0)
            : Optional.empty();
    double radius = b.getValue("radius_m") instanceof Number n ? n.doubleValue() : 1000;
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              PlanningService.Replaced r =
                  planning.generateCandidates(name, demand, spacing, radius);
              who.record(
                  "planning.set.generate",
                  "planning_set",
                  "candidate/" + name,
                  null,
                  null,
                  PlanningJson.set(r.set()).put("method", method).put("demand", demand));
              return r;
            })
        .onSuccess(r -> JsonBodies.created(ctx, PlanningJson.set(r.set())));
  }

  private UseRules rules(Params p) {
    UseRules d = UseRules.DEFAULTS;
    return new UseRules(
        p.optionalDouble("full_share", d.fullShare(), 0, 1),
        p.optionalDouble("overloaded_share", d.overloadedShare(), 0, 1),
        p.optionalDouble("underused_share", d.underusedShare(), 0, 1),
        p.optionalInt("min_open_hours", d.minOpenHours(), 1, 10_000));
  }

  private static Instant[] period(Params p) {
    Instant to =
        p.optionalInstant(
            "to", Instant.now(), Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z"));
    Instant from = p.optionalInstant("from", to.minus(Duration.ofDays(28)), Instant.EPOCH, to);
    return new Instant[] {from, to};
  }

  private void use(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), USE_PARAMS);
    Instant[] period = period(p);
    UseRules rules = rules(p);
    int limit = p.optionalInt("limit", 200, 1, 5000);
    boolean all = p.optionalBoolean("all", false);
    Blocking.run(db, ctx, () -> planning.use(period[0], period[1], rules))
        .onSuccess(r -> ctx.json(PlanningJson.use(r, all, limit)));
  }

  private void stationUse(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), USE_PARAMS);
    Instant[] period = period(p);
    UseRules rules = rules(p);
    String id = ctx.pathParam("id");
    Blocking.run(db, ctx, () -> planning.use(period[0], period[1], rules))
        .onSuccess(
            r ->
                ctx.json(
                    PlanningJson.use(
                        r.find(id).orElseThrow(() -> ProblemException.notFound("station", id)),
                        true)));
  }

  private void submit(RoutingContext ctx) {
    PlanRequest request = PlanningJson.request(JsonBodies.object(ctx));
    Audit.Recorder who = audit.by(ctx);
    RunView<PlanResult> v = planning.submit(request, who.actor());
    Blocking.run(
            db,
            ctx,
            () -> {
              who.record(
                  "planning.run", "planning_run", v.id(), null, null, PlanningJson.run(v, false));
              return v;
            })
        .onSuccess(
            x ->
                ctx.response()
                    .setStatusCode(202)
                    .putHeader("Location", BASE + "/runs/" + v.id())
                    .putHeader("Content-Type", "application/json")
                    .end(PlanningJson.run(v, false).encode()));
  }

  private void listRuns(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    JsonArray a = new JsonArray();
    planning.runs().list().forEach(v -> a.add(PlanningJson.run(v, false)));
    ctx.json(new JsonObject().put("runs", a));
  }

  private RunView<?> run(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    return planning.runs().find(id).orElseThrow(() -> ProblemException.notFound("run", id));
  }

  private void getRun(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    ctx.json(PlanningJson.run(run(ctx), true));
  }

  private void cancel(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    RunView<?> v = planning.runs().cancel(run(ctx).id());
    ctx.json(PlanningJson.run(v, false));
  }

  /** Progress as Server-Sent Events: one {@code run} event per change, until the run ends. */
  private void events(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    RunView<?> start = run(ctx);
    HttpServerResponse res = ctx.response();
    res.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    res.write("retry: 3000\n\n");
    var loop = ctx.vertx().getOrCreateContext();
    Runnable[] stop = new Runnable[1];
    stop[0] =
        planning
            .runs()
            .watch(
                start.id(),
                v ->
                    loop.runOnContext(
                        x -> {
                          if (res.ended() || res.closed()) {
                            return;
                          }
                          res.write(
                              "event: run\ndata: " + PlanningJson.run(v, false).encode() + "\n\n");
                          if (v.state().ended()) {
                            res.end();
                            if (stop[0] != null) {
                              stop[0].run();
                            }
                          }
                        }));
    res.closeHandler(v -> stop[0].run());
  }

  private PlanResult result(RoutingContext ctx) {
    RunView<?> v = run(ctx);
    if (!(v.result().orElse(null) instanceof PlanResult r)) {
      throw ProblemException.invalid(
          "id", "the run has no answer (it is " + v.state().code() + ")");
    }
    return r;
  }

  private void sites(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), EXPORT_PARAMS);
    PlanResult r = result(ctx);
    PointCrs crs = PointCrs.parse(p.single("crs"));
    String format = exportFormat(p.single("format"));
    int n = r.sites().size();
    double[] lat = new double[n];
    double[] lon = new double[n];
    double[] gain = new double[n];
    String[] label = new String[n];
    for (int i = 0; i < n; i++) {
      var s = r.sites().get(i);
      lat[i] = s.lat();
      lon[i] = s.lon();
      gain[i] = s.gain();
      label[i] = s.label() == null ? "site " + s.rank() : s.label();
    }
    sendPoints(
        ctx,
        format,
        crs,
        new PlanPoints(lat, lon, gain, label, new String[n]),
        "gain",
        "sites",
        p.optionalBoolean(CsvBom.PARAM, false));
  }

  private void uncovered(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), EXPORT_PARAMS);
    PlanResult r = result(ctx);
    boolean after = p.optionalBoolean("after", false);
    CoverageReport c = after ? r.after().orElse(r.before()) : r.before();
    PointCrs crs = PointCrs.parse(p.single("crs"));
    String format = exportFormat(p.single("format"));
    int[] idx = c.uncovered();
    PlanPoints d = r.demand();
    double[] lat = new double[idx.length];
    double[] lon = new double[idx.length];
    double[] w = new double[idx.length];
    String[] label = new String[idx.length];
    for (int i = 0; i < idx.length; i++) {
      lat[i] = d.lat()[idx[i]];
      lon[i] = d.lon()[idx[i]];
      w[i] = d.weight()[idx[i]];
      label[i] = d.label()[idx[i]];
    }
    sendPoints(
        ctx,
        format,
        crs,
        new PlanPoints(lat, lon, w, label, new String[idx.length]),
        "weight",
        "uncovered",
        p.optionalBoolean(CsvBom.PARAM, false));
  }

  /** A points file, rendered off the event loop. */
  private record PointsFile(String contentType, String name, Buffer body) {}

  /** The export format asked for, checked before any work: {@code geojson} (default) or csv. */
  private static String exportFormat(String param) {
    String f = param == null ? "geojson" : param;
    if (!f.equals("geojson") && !f.equals("csv")) {
      throw ProblemException.invalid("format", "must be geojson or csv");
    }
    return f;
  }

  /** Renders points and sends them; a national layer is a million features, so on the pool. */
  private void sendPoints(
      RoutingContext ctx,
      String format,
      PointCrs crs,
      PlanPoints pts,
      String valueName,
      String file,
      boolean bom) {
    Blocking.run(db, ctx, () -> render(format, crs, pts, valueName, file))
        .onSuccess(f -> send(ctx, f, bom));
  }

  /** Sends the file; a CSV one led by the UTF-8 byte-order mark when {@code bom}. */
  private static void send(RoutingContext ctx, PointsFile f, boolean bom) {
    boolean csv = f.contentType().startsWith("text/csv");
    ctx.response()
        .putHeader("Content-Type", f.contentType())
        .putHeader("Content-Disposition", "attachment; filename=\"" + f.name() + "\"")
        .end(CsvBom.of(bom && csv, f.body()));
  }

  /** Points as a GeoJSON FeatureCollection or CSV, in the asked system. */
  private static PointsFile render(
      String format, PointCrs crs, PlanPoints pts, String valueName, String file) {
    String value = valueName == null ? "weight" : valueName;
    Buffer b = Buffer.buffer(pts.size() * 96 + 64);
    String crsCode = crs.name().toLowerCase(Locale.ROOT);
    if (format.equals("csv")) {
      b.appendString("lon,lat," + value + ",label\n");
      for (int i = 0; i < pts.size(); i++) {
        double[] xy = PlanningJson.position(pts.lat()[i], pts.lon()[i], crs);
        b.appendString(
            xy[0] + "," + xy[1] + "," + pts.weight()[i] + "," + csvText(pts.label()[i]) + "\n");
      }
      return new PointsFile("text/csv; charset=utf-8", file + "-" + crsCode + ".csv", b);
    }
    b.appendString(
        "{\"type\":\"FeatureCollection\",\"crs_note\":\"" + crsCode + "\",\"features\":[");
    for (int i = 0; i < pts.size(); i++) {
      double[] xy = PlanningJson.position(pts.lat()[i], pts.lon()[i], crs);
      JsonObject props = new JsonObject().put(value, pts.weight()[i]);
      if (pts.label()[i] != null) {
        props.put("label", pts.label()[i]);
      }
      b.appendString(i == 0 ? "" : ",")
          .appendString(
              new JsonObject()
                  .put("type", "Feature")
                  .put(
                      "geometry",
                      new JsonObject()
                          .put("type", "Point")
                          .put("coordinates", new JsonArray().add(xy[0]).add(xy[1])))
                  .put("properties", props)
                  .encode());
    }
    return new PointsFile(
        StationRoutes.GEOJSON, file + "-" + crsCode + ".geojson", b.appendString("]}"));
  }

  /** A CSV cell: quoted when it holds a comma, quote or line break; formula starts defused. */
  private static String csvText(String s) {
    if (s == null) {
      return "";
    }
    String t = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    if (t.contains(",") || t.contains("\"") || t.contains("\n") || t.contains("\r")) {
      return "\"" + t.replace("\"", "\"\"") + "\"";
    }
    return t;
  }

  /** {@code {run_id, name}}: keeps an ended run's answer under a name. */
  private void saveScenario(RoutingContext ctx) {
    JsonObject b = JsonBodies.object(ctx);
    String runId = b.getValue("run_id") instanceof String s ? s : null;
    String name = b.getValue("name") instanceof String s ? s : null;
    if (runId == null || name == null) {
      throw ProblemException.invalid(runId == null ? "run_id" : "name", "is required");
    }
    RunView<?> v =
        planning.runs().find(runId).orElseThrow(() -> ProblemException.notFound("run", runId));
    if (!(v.result().orElse(null) instanceof PlanResult)) {
      throw ProblemException.invalid(
          "run_id", "the run has no answer (it is " + v.state().code() + ")");
    }
    String document = PlanningJson.run(v, true).encode();
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              Scenario s = planning.saveScenario(name, v.kind(), who.actor(), document);
              who.record(
                  "planning.scenario.save",
                  "planning_scenario",
                  name,
                  null,
                  null,
                  new JsonObject().put("run_id", runId).put("kind", v.kind()));
              return s;
            })
        .onSuccess(s -> JsonBodies.created(ctx, scenario(s)));
  }

  private static JsonObject scenario(Scenario s) {
    JsonObject o =
        new JsonObject()
            .put("name", s.name())
            .put("kind", s.kind())
            .put("owner", s.owner())
            .put("created_at", s.createdAt().toString());
    if (s.document() != null) {
      o.put("run", new JsonObject(s.document()));
    }
    return o;
  }

  private void listScenarios(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    Blocking.run(db, ctx, planning::scenarios)
        .onSuccess(
            list -> {
              JsonArray a = new JsonArray();
              list.forEach(s -> a.add(scenario(s)));
              ctx.json(new JsonObject().put("scenarios", a));
            });
  }

  private void getScenario(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String name = ctx.pathParam("name");
    Blocking.run(db, ctx, () -> planning.scenario(name)).onSuccess(s -> ctx.json(scenario(s)));
  }

  private void deleteScenario(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String name = ctx.pathParam("name");
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              planning.deleteScenario(name);
              who.record("planning.scenario.delete", "planning_scenario", name, null, null, null);
              return null;
            })
        .onSuccess(v -> ctx.response().setStatusCode(204).end());
  }

  /** Two scenarios side by side: coverage, objective, and the sites each proposes alone. */
  private void compare(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), Set.of("a", "b"));
    String a = p.single("a");
    String b = p.single("b");
    if (a == null || b == null) {
      throw ProblemException.invalid(a == null ? "a" : "b", "is required");
    }
    Blocking.run(db, ctx, () -> new Scenario[] {planning.scenario(a), planning.scenario(b)})
        .onSuccess(s -> ctx.json(ScenarioCompare.of(scenario(s[0]), scenario(s[1]))));
  }
}
