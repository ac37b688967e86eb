package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.yizhan.error.ProblemException;

/** Admin endpoints for devices: provisioning (secret shown once), listing, rejected messages. */
final class DeviceRoutes {

  private static final Set<String> LIST_PARAMS =
      Set.of("station_id", "state", "city", "district", "sort", "limit", "offset");
  private static final Set<String> STATES =
      Set.of("online", "late", "offline", "never_seen", "disabled");
  private static final Set<String> SORTS = Set.of("id", "last_seen", "battery");
  private static final Set<String> REJECTION_PARAMS = Set.of("limit");

  private final DeviceAdmin devices;
  private final WorkerExecutor db;
  private final AdminAuth admin;

  DeviceRoutes(DeviceAdmin devices, WorkerExecutor db, AdminAuth admin) {
    this.devices = devices;
    this.db = db;
    this.admin = admin;
  }

  void mount(Router router) {
    router.post("/api/v1/devices").handler(admin::require).handler(this::provision);
    router.get("/api/v1/devices").handler(admin::require).handler(this::list);
    router.get("/api/v1/fleet/summary").handler(admin::require).handler(this::summary);
    router.get("/api/v1/fleet/changes").handler(admin::require).handler(this::changes);
    router.get("/api/v1/devices/:id/config").handler(admin::require).handler(this::config);
    router.put("/api/v1/devices/:id/config").handler(admin::require).handler(this::changeConfig);
    router.get("/api/v1/rejections").handler(admin::require).handler(this::rejections);
  }

  private void provision(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    JsonObject body = JsonBodies.object(ctx);
    db.executeBlocking(() -> devices.provision(body), false)
        .onFailure(ctx::fail)
        .onSuccess(json -> JsonBodies.created(ctx, json));
  }

  private void config(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(devices.config(ctx.pathParam("id")));
  }

  private void changeConfig(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    JsonObject body = JsonBodies.object(ctx);
    String id = ctx.pathParam("id");
    db.executeBlocking(() -> devices.changeConfig(id, body), false)
        .onFailure(ctx::fail)
        .onSuccess(
            json -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              ctx.json(json);
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
            p.optionalInt("offset", 0, 0, Integer.MAX_VALUE));
    // A sweep over every device: a worker thread's job, not the event loop's.
    db.executeBlocking(() -> devices.list(q), false).onFailure(ctx::fail).onSuccess(ctx::json);
  }

  private void changes(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), Set.of("since", "limit"));
    java.time.Instant since = null;
    if (p.single("since") != null) {
      try {
        since = java.time.Instant.parse(p.single("since"));
      } catch (java.time.format.DateTimeParseException e) {
        throw ProblemException.invalid(
            "since", "must be an RFC 3339 UTC time, e.g. 2026-07-01T04:00:00Z");
      }
    }
    java.time.Instant after = since;
    int limit = p.optionalInt("limit", 100, 1, 1000);
    db.executeBlocking(() -> devices.fleetChanges(after, limit), false)
        .onFailure(ctx::fail)
        .onSuccess(ctx::json);
  }

  private void summary(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    db.executeBlocking(devices::fleetSummary, false).onFailure(ctx::fail).onSuccess(ctx::json);
  }

  private void rejections(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), REJECTION_PARAMS);
    int limit = p.optionalInt("limit", 100, 1, 1000);
    db.executeBlocking(() -> devices.rejections(limit), false)
        .onFailure(ctx::fail)
        .onSuccess(ctx::json);
  }
}
