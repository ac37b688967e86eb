package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.yizhan.device.DeviceQuery;

/**
 * Admin endpoints for devices: provisioning (secret shown once), listing, disabling, re-enabling
 * and new secrets, rejected messages. A device outside the admin's scope answers exactly as an
 * unknown one (404).
 */
final class DeviceRoutes {

  private static final Set<String> LIST_PARAMS =
      Set.of("station_id", "state", "city", "district", "sort", "limit", "offset");
  private static final Set<String> STATES =
      Set.of("online", "late", "offline", "never_seen", "disabled");
  private static final Set<String> SORTS = Set.of("id", "last_seen", "battery");
  private static final Set<String> REJECTION_PARAMS = Set.of("limit");

  private final DeviceJson devices;
  private final WorkerExecutor db;
  private final AdminAuth admin;
  private final Scopes scopes;
  private final Audit audit;

  DeviceRoutes(DeviceJson devices, WorkerExecutor db, AdminAuth admin, Scopes scopes, Audit audit) {
    this.devices = devices;
    this.db = db;
    this.admin = admin;
    this.scopes = scopes;
    this.audit = audit;
  }

  void mount(Router router) {
    var adminOnly = admin.require(AdminAuth.Access.ADMIN);
    router.post("/api/v1/devices").handler(adminOnly).handler(this::provision);
    router.get("/api/v1/devices").handler(adminOnly).handler(this::list);
    router.get("/api/v1/fleet/summary").handler(adminOnly).handler(this::summary);
    router.get("/api/v1/fleet/changes").handler(adminOnly).handler(this::changes);
    router.get("/api/v1/fleet/stations").handler(adminOnly).handler(this::stations);
    router.get("/api/v1/devices/:id").handler(adminOnly).handler(this::device);
    router
        .post("/api/v1/devices/:id/disable")
        .handler(adminOnly)
        .handler(ctx -> enable(ctx, false));
    router.post("/api/v1/devices/:id/enable").handler(adminOnly).handler(ctx -> enable(ctx, true));
    router.post("/api/v1/devices/:id/rotate-secret").handler(adminOnly).handler(this::rotate);
    router.get("/api/v1/devices/:id/config").handler(adminOnly).handler(this::config);
    router.put("/api/v1/devices/:id/config").handler(adminOnly).handler(this::changeConfig);
    router.get("/api/v1/rejections").handler(adminOnly).handler(this::rejections);
  }

  private void provision(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    JsonObject body = JsonBodies.object(ctx);
    var p = AdminAuth.principal(ctx);
    if (body.getValue("station_id") instanceof String stationId && !scopes.covers(p, stationId)) {
      throw ProblemException.invalid("station_id", "no station '" + stationId + "'");
    }
    if (!p.isSuper() && body.containsKey("id")) {
      // Ids are unique across the network: a taken id would tell a station admin that another
      // scope has that device. Their devices get generated ids.
      throw ProblemException.invalid(
          "id", "is chosen by the server for station admins; leave it out");
    }
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              JsonObject created = devices.provision(body);
              JsonObject shown = created.copy();
              shown.remove("secret");
              shown.remove("note");
              who.record(
                  "device.provision",
                  "device",
                  created.getString("id"),
                  created.getString("station_id"),
                  null,
                  shown);
              return created;
            })
        .onSuccess(json -> JsonBodies.created(ctx, json));
  }

  private void device(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String id = ctx.pathParam("id");
    scopes.device(AdminAuth.principal(ctx), id);
    answerUncached(
        ctx, () -> devices.find(id).orElseThrow(() -> ProblemException.notFound("device", id)));
  }

  /** Disables or re-enables a device; both are idempotent. */
  private void enable(RoutingContext ctx, boolean enabled) {
    Params.of(ctx.queryParams(), Set.of());
    String id = ctx.pathParam("id");
    String stationId = scopes.device(AdminAuth.principal(ctx), id);
    changeAccess(
        ctx,
        id,
        stationId,
        enabled ? "device.enable" : "device.disable",
        () -> devices.setEnabled(id, enabled));
  }

  /** A new secret, answered once and never stored in clear or audited. */
  private void rotate(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String id = ctx.pathParam("id");
    String stationId = scopes.device(AdminAuth.principal(ctx), id);
    changeAccess(ctx, id, stationId, "device.rotate_secret", () -> devices.rotateSecret(id));
  }

  /**
   * Changes a device's access on a worker thread and audits it with the device's administrative
   * fields before and after (never its secret); the answer is not cached.
   */
  private void changeAccess(
      RoutingContext ctx,
      String id,
      String stationId,
      String action,
      java.util.concurrent.Callable<JsonObject> change) {
    Audit.Recorder who = audit.by(ctx);
    answerUncached(
        ctx,
        () -> {
          JsonObject before = devices.find(id).map(DeviceRoutes::audited).orElse(null);
          JsonObject after = change.call();
          who.record(action, "device", id, stationId, before, audited(after));
          return after;
        });
  }

  /**
   * Runs {@code work} on a worker thread and answers its JSON, marked never to be cached: device
   * answers may hold a secret, or a state an admin has just changed.
   */
  private void answerUncached(RoutingContext ctx, java.util.concurrent.Callable<JsonObject> work) {
    Blocking.run(db, ctx, work)
        .onSuccess(
            json -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              ctx.json(json);
            });
  }

  /** What the audit log keeps of a device: its administrative fields, never a secret. */
  private static JsonObject audited(JsonObject device) {
    JsonObject o = new JsonObject();
    for (String k : new String[] {"id", "station_id", "kind", "expected_interval_s", "enabled"}) {
      o.put(k, device.getValue(k));
    }
    return o.put("disabled_at", device.getValue("disabled_at"));
  }

  private void config(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String id = ctx.pathParam("id");
    scopes.device(AdminAuth.principal(ctx), id);
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(devices.config(id));
  }

  private void changeConfig(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    JsonObject body = JsonBodies.object(ctx);
    String id = ctx.pathParam("id");
    String stationId = scopes.device(AdminAuth.principal(ctx), id);
    Audit.Recorder who = audit.by(ctx);
    answerUncached(
        ctx,
        () -> {
          JsonObject before = devices.config(id);
          JsonObject after = devices.changeConfig(id, body);
          who.record("device.config", "device", id, stationId, before, after);
          return after;
        });
  }

  private void list(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), LIST_PARAMS);
    String state = p.single("state");
    if (state != null && !STATES.contains(state)) {
      throw ProblemException.invalid("state", "must be one of " + String.join(", ", STATES));
    }
    String sort = p.single("sort");
    if (sort != null && !SORTS.contains(sort)) {
      throw ProblemException.invalid("sort", "must be id, last_seen or battery");
    }
    DeviceQuery q =
        new DeviceQuery(
            p.single("station_id"),
            state,
            p.single("city"),
            p.single("district"),
            sort,
            p.optionalInt("limit", DeviceQuery.DEFAULT_LIMIT, 1, DeviceQuery.MAX_LIMIT),
            p.optionalInt("offset", 0, 0, Integer.MAX_VALUE),
            scopes.filter(AdminAuth.principal(ctx)));
    // A sweep over every device: a worker thread's job, not the event loop's.
    Blocking.run(db, ctx, () -> devices.list(q)).onSuccess(ctx::json);
  }

  private void changes(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), Set.of("since", "limit"));
    java.time.Instant since =
        p.optionalInstant(
            "since",
            null,
            org.yizhan.history.ReadingHistory.EARLIEST,
            org.yizhan.history.ReadingHistory.LATEST);
    java.time.Instant after = since;
    int limit = p.optionalInt("limit", 100, 1, 1000);
    var scope = scopes.filter(AdminAuth.principal(ctx));
    Blocking.run(db, ctx, () -> devices.fleetChanges(after, limit, scope)).onSuccess(ctx::json);
  }

  private void stations(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), Set.of("bbox"));
    org.yizhan.station.BoundingBox box = StationRoutes.bbox(p.single("bbox"));
    var scope = scopes.filter(AdminAuth.principal(ctx));
    Blocking.run(db, ctx, () -> devices.fleetStations(box, scope))
        .onSuccess(
            json ->
                ctx.response()
                    .putHeader("Content-Type", "application/geo+json")
                    .putHeader("Cache-Control", "no-cache")
                    .end(json.encode()));
  }

  private void summary(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    var scope = scopes.filter(AdminAuth.principal(ctx));
    Blocking.run(db, ctx, () -> devices.fleetSummary(scope)).onSuccess(ctx::json);
  }

  private void rejections(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), REJECTION_PARAMS);
    int limit = p.optionalInt("limit", 100, 1, 1000);
    var scope = scopes.filter(AdminAuth.principal(ctx));
    Blocking.run(db, ctx, () -> devices.rejections(limit, scope)).onSuccess(ctx::json);
  }
}
