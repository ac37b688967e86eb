package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import org.yizhan.alert.ConditionWatch;
import org.yizhan.condition.StationConditions;
import org.yizhan.condition.ThresholdJson;
import org.yizhan.condition.ThresholdOverrides;
import org.yizhan.condition.ThresholdSet;
import org.yizhan.condition.ThresholdStore;
import org.yizhan.condition.Thresholds;
import org.yizhan.error.Violation;

/**
 * The thresholds of the station conditions: global ones (super admins) and per-station overrides
 * (admins of the station). Stored first, then put in force for the next sweep; every change is
 * audited with its before and after.
 */
final class ThresholdRoutes {

  /** Global and station changes are validated against each other: one change at a time. */
  private static final Object LOCK = new Object();

  private final ThresholdStore store;
  private final ConditionWatch watch;
  private final WorkerExecutor db;
  private final AdminAuth admin;
  private final Scopes scopes;
  private final Audit audit;

  ThresholdRoutes(
      ThresholdStore store,
      ConditionWatch watch,
      WorkerExecutor db,
      AdminAuth admin,
      Scopes scopes,
      Audit audit) {
    this.store = store;
    this.watch = watch;
    this.db = db;
    this.admin = admin;
    this.scopes = scopes;
    this.audit = audit;
  }

  void mount(Router router) {
    router
        .get("/api/v1/thresholds")
        .handler(admin.require(AdminAuth.Access.READ))
        .handler(this::getGlobal);
    router
        .put("/api/v1/thresholds")
        .handler(admin.require(AdminAuth.Access.SUPER))
        .handler(this::putGlobal);
    var adminOnly = admin.require(AdminAuth.Access.ADMIN);
    router.get("/api/v1/stations/:id/thresholds").handler(adminOnly).handler(this::getStation);
    router.put("/api/v1/stations/:id/thresholds").handler(adminOnly).handler(this::putStation);
    router
        .delete("/api/v1/stations/:id/thresholds")
        .handler(adminOnly)
        .handler(this::deleteStation);
  }

  private void getGlobal(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    ThresholdSet t = watch.thresholds();
    ctx.json(
        new JsonObject()
            .put("global", ThresholdJson.toJson(t.global()))
            .put("defaults", ThresholdJson.toJson(Thresholds.DEFAULTS))
            .put("stations_with_overrides", t.overrides().size()));
  }

  /** A partial update: fields left out keep their value. */
  private void putGlobal(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    JsonObject body = JsonBodies.object(ctx);
    Audit.Recorder rec = audit.by(ctx);
    String lang = Languages.of(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              synchronized (LOCK) {
                ThresholdSet current = watch.thresholds();
                Thresholds next = ThresholdJson.readThresholds(body, current.global());
                List<Violation> clash = current.violationsUnder(next);
                if (!clash.isEmpty()) {
                  throw ProblemException.invalid(clash);
                }
                store.saveGlobal(next, rec.actor());
                watch.updateThresholds(s -> s.withGlobal(next));
                JsonObject before = ThresholdJson.toJson(current.global());
                JsonObject after = ThresholdJson.toJson(next);
                rec.record("thresholds.update", "thresholds", "global", null, before, after);
                return new JsonObject().put("global", after);
              }
            })
        .onSuccess(ctx::json);
  }

  private void getStation(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String id = scopes.station(AdminAuth.principal(ctx), ctx.pathParam("id")).id();
    ctx.json(describe(id, watch.thresholds(), Languages.of(ctx)));
  }

  /** Replaces the station's overrides: a field left out or null inherits the global value. */
  private void putStation(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String id = scopes.station(AdminAuth.principal(ctx), ctx.pathParam("id")).id();
    JsonObject body = JsonBodies.object(ctx);
    Audit.Recorder rec = audit.by(ctx);
    String lang = Languages.of(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              synchronized (LOCK) {
                ThresholdOverrides o =
                    ThresholdJson.readOverrides(body, watch.thresholds().global());
                ThresholdOverrides before = store.saveOverrides(id, o, rec.actor()).orElse(null);
                watch.updateThresholds(s -> s.withOverrides(id, o));
                rec.record(
                    "thresholds.station.update",
                    "station_thresholds",
                    id,
                    id,
                    before == null ? null : ThresholdJson.toJson(before),
                    ThresholdJson.toJson(o));
                return describe(id, watch.thresholds(), lang);
              }
            })
        .onSuccess(ctx::json);
  }

  private void deleteStation(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String id = scopes.station(AdminAuth.principal(ctx), ctx.pathParam("id")).id();
    Audit.Recorder rec = audit.by(ctx);
    String lang = Languages.of(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              ThresholdOverrides before;
              synchronized (LOCK) {
                before = store.deleteOverrides(id).orElse(null);
                watch.updateThresholds(s -> s.withOverrides(id, null));
              }
              if (before != null) {
                rec.record(
                    "thresholds.station.delete",
                    "station_thresholds",
                    id,
                    id,
                    ThresholdJson.toJson(before),
                    null);
              }
              return describe(id, watch.thresholds(), lang);
            })
        .onSuccess(ctx::json);
  }

  /** Overrides (null where inherited), effective values, and the conditions active now. */
  private JsonObject describe(String stationId, ThresholdSet t, String lang) {
    JsonArray active = new JsonArray();
    for (StationConditions.Active a : watch.conditions().findActive(stationId)) {
      active.add(
          new JsonObject()
              .put("kind", a.kind().code())
              .put("since", a.since().toString())
              .put("detail", Languages.ZH.equals(lang) ? a.detailZh() : a.detail()));
    }
    return new JsonObject()
        .put("station_id", stationId)
        .put(
            "overrides",
            ThresholdJson.toJson(t.findOverrides(stationId).orElse(ThresholdOverrides.NONE)))
        .put("effective", ThresholdJson.toJson(t.forStation(stationId)))
        .put("active_conditions", active);
  }
}
