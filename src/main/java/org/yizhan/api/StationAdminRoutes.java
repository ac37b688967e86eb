package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.yizhan.error.Violation;
import org.yizhan.station.Station;
import org.yizhan.station.StationGeoJson;
import org.yizhan.station.StationInput;
import org.yizhan.station.StationRegistry;
import org.yizhan.text.StrictNumbers;

/**
 * The admin writes of one station: create, replace (guarded by {@code If-Match}) and close. Each
 * checks the admin's placement scope on the event loop, then stores and audits on the worker pool.
 */
final class StationAdminRoutes {

  private static final Set<String> NO_PARAMS = Set.of();

  private final StationRegistry registry;
  private final WorkerExecutor db;
  private final AdminAuth admin;
  private final Scopes scopes;
  private final Audit audit;

  StationAdminRoutes(
      StationRegistry registry, WorkerExecutor db, AdminAuth admin, Scopes scopes, Audit audit) {
    this.registry = registry;
    this.db = db;
    this.admin = admin;
    this.scopes = scopes;
    this.audit = audit;
  }

  void mount(Router router) {
    var adminOnly = admin.require(AdminAuth.Access.ADMIN);
    router.post("/api/v1/stations").handler(adminOnly).handler(this::create);
    router.put("/api/v1/stations/:id").handler(adminOnly).handler(this::replace);
    router.delete("/api/v1/stations/:id").handler(adminOnly).handler(this::close);
  }

  private void create(RoutingContext ctx) {
    Params.of(ctx.queryParams(), NO_PARAMS);
    Station draft = readStation(ctx, null);
    Scopes.requirePlacement(AdminAuth.principal(ctx), draft);
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              Station s = registry.create(draft);
              who.record("station.create", "station", s.id(), s.id(), null, json(s));
              return s;
            })
        .onSuccess(
            s -> {
              ctx.response().putHeader("Location", "/api/v1/stations/" + s.id());
              sendStation(ctx, 201, s);
            });
  }

  private void replace(RoutingContext ctx) {
    Params.of(ctx.queryParams(), NO_PARAMS);
    String id = ctx.pathParam("id");
    OptionalLong expected = ifMatch(ctx);
    if (expected.isEmpty()) {
      throw new ProblemException(
          ErrorCode.PRECONDITION_REQUIRED,
          "Send If-Match with the ETag of the station you edited, to avoid overwriting a newer change");
    }
    Station old = scopes.station(AdminAuth.principal(ctx), id);
    Station draft = readStation(ctx, id);
    Scopes.requirePlacement(AdminAuth.principal(ctx), draft);
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              Station s = registry.replace(id, draft, expected.getAsLong());
              who.record("station.update", "station", id, id, json(old), json(s));
              return s;
            })
        .onSuccess(s -> sendStation(ctx, 200, s));
  }

  private void close(RoutingContext ctx) {
    Params.of(ctx.queryParams(), NO_PARAMS);
    String id = ctx.pathParam("id");
    OptionalLong expected = ifMatch(ctx);
    Station old = scopes.station(AdminAuth.principal(ctx), id);
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              Station s = registry.close(id, expected);
              who.record("station.close", "station", id, id, json(old), json(s));
              return s;
            })
        .onSuccess(s -> sendStation(ctx, 200, s));
  }

  /** Parses a JSON Feature body into a station draft, or fails with every violation. */
  private static Station readStation(RoutingContext ctx, String fixedId) {
    String ct = ctx.request().getHeader("Content-Type");
    if (ct == null
        || !(ct.toLowerCase(Locale.ROOT).startsWith("application/json")
            || ct.toLowerCase(Locale.ROOT).startsWith("application/geo+json"))) {
      throw new ProblemException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Send the station as a GeoJSON Feature (application/geo+json or application/json)",
          List.of(
              Violation.of("Content-Type", "must be application/geo+json or application/json")));
    }
    Object json;
    try {
      Buffer body = ctx.body().buffer();
      if (body == null || body.length() == 0) {
        throw ProblemException.invalid("body", "is empty; send a GeoJSON Feature");
      }
      json = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ProblemException.invalid("body", "is not valid JSON");
    }
    List<Violation> violations = new ArrayList<>();
    Map<String, Object> fields = StationGeoJson.fields(json, violations);
    if (fixedId != null) {
      Object bodyId = fields.remove("id");
      if (bodyId != null && !fixedId.equals(bodyId)) {
        violations.add(Violation.of("id", "differs from the id in the URL"));
      }
    }
    if (!violations.isEmpty()) {
      throw ProblemException.invalid(violations);
    }
    StationInput.Result r = StationInput.read(fields, false, fixedId);
    if (!r.ok()) {
      throw ProblemException.invalid(r.violations());
    }
    return r.station();
  }

  private static OptionalLong ifMatch(RoutingContext ctx) {
    String h = ctx.request().getHeader("If-Match");
    if (h == null || h.isBlank()) {
      return OptionalLong.empty();
    }
    String t = h.strip();
    if (t.startsWith("W/")) {
      t = t.substring(2);
    }
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      t = t.substring(1, t.length() - 1);
    }
    // a read's tag is "version-digest" (the digest tells live values apart); edits need the version
    int dash = t.indexOf('-');
    Long version = StrictNumbers.integer(dash < 0 ? t : t.substring(0, dash));
    if (version == null) {
      throw ProblemException.invalid("If-Match", "must be an ETag this server issued, like \"3\"");
    }
    return OptionalLong.of(version);
  }

  private static JsonObject json(Station s) {
    return new JsonObject(StationGeoJson.feature(s));
  }

  private static void sendStation(RoutingContext ctx, int status, Station s) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", StationRoutes.GEOJSON)
        .putHeader("ETag", "\"" + s.version() + "\"")
        .putHeader("Cache-Control", "no-cache")
        .end(StationGeoJson.feature(s));
  }
}
