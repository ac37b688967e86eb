package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.yizhan.account.Principal;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.StationSnapshot;
import org.yizhan.warning.Warning;
import org.yizhan.warning.WarningDraft;
import org.yizhan.warning.WarningFeed;
import org.yizhan.warning.Warnings;

/**
 * Heat and cold warnings: the public read for a place or city (from memory, cacheable for a
 * minute), and the admin list, create, end early and delete. A super admin may warn any city; a
 * station admin only a city their scope names whole (a warning changes what every worker in the
 * city sees). Every change is audited.
 */
final class WarningRoutes {

  /** How long a public answer may be cached: a warning starts or ends within a minute of it. */
  static final int MAX_AGE_S = 60;

  private final Warnings warnings;
  private final Optional<WarningFeed> feed;
  private final Supplier<StationSnapshot> stations;
  private final WorkerExecutor db;
  private final AdminAuth admin;
  private final Audit audit;

  WarningRoutes(
      Warnings warnings,
      Optional<WarningFeed> feed,
      Supplier<StationSnapshot> stations,
      WorkerExecutor db,
      AdminAuth admin,
      Audit audit) {
    this.warnings = warnings;
    this.feed = feed;
    this.stations = stations;
    this.db = db;
    this.admin = admin;
    this.audit = audit;
  }

  void mount(Router router) {
    router.get("/api/v1/warnings").handler(this::inForce);
    router
        .get("/api/v1/admin/warnings")
        .handler(admin.require(AdminAuth.Access.READ))
        .handler(this::list);
    var adminOnly = admin.require(AdminAuth.Access.ADMIN);
    router.post("/api/v1/admin/warnings").handler(adminOnly).handler(this::create);
    router.post("/api/v1/admin/warnings/:id/end").handler(adminOnly).handler(this::end);
    router.delete("/api/v1/admin/warnings/:id").handler(adminOnly).handler(this::delete);
  }

  /** {@code ?city=} or {@code ?lat=&lon=} (the city of the nearest station within 30 km). */
  private void inForce(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), Set.of("lat", "lon", "city"));
    Instant now = Instant.now();
    String city = p.single("city");
    String from = "query";
    if (city == null) {
      if (p.single("lat") == null && p.single("lon") == null) {
        throw ProblemException.invalid("city", "is required unless lat and lon are given");
      }
      double lat = p.requiredDouble("lat", -90, 90);
      double lon = p.requiredDouble("lon", -180, 180);
      city = WarningAdvice.cityAt(stations.get(), new WgsCoordinate(lat, lon), now).orElse(null);
      from = "nearest_station";
    } else if (p.single("lat") != null || p.single("lon") != null) {
      throw ProblemException.invalid("city", "give either city or lat and lon, not both");
    }
    JsonArray list = new JsonArray();
    for (Warning w : warnings.book().inForce(city, now)) {
      list.add(WarningJson.publicJson(w));
    }
    ctx.response().putHeader("Cache-Control", "public, max-age=" + MAX_AGE_S);
    ctx.json(
        new JsonObject()
            .put("city", city)
            .put("city_from", from)
            .put("time", now.toString())
            .put("warnings", list));
  }

  /** {@code ?state=in_force|upcoming|past}; without it, all of the latest 500. */
  private void list(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), Set.of("state"));
    String state = p.single("state");
    if (state != null && !Set.of("in_force", "upcoming", "past").contains(state)) {
      throw ProblemException.invalid("state", "must be in_force, upcoming or past");
    }
    Blocking.run(db, ctx, warnings::listRecent)
        .onSuccess(
            all -> {
              Instant now = Instant.now();
              JsonArray out = new JsonArray();
              for (Warning w : all) {
                if (state == null || w.stateAt(now).code().equals(state)) {
                  out.add(WarningJson.adminJson(w, now));
                }
              }
              JsonObject answer = new JsonObject().put("warnings", out);
              answer.put("feed", feed.map(WarningRoutes::feedJson).orElse(null));
              ctx.response().putHeader("Cache-Control", "no-store");
              ctx.json(answer);
            });
  }

  private void create(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    WarningDraft d = WarningJson.readDraft(JsonBodies.object(ctx));
    requireCity(AdminAuth.principal(ctx), d.city());
    Audit.Recorder rec = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              Warning w = warnings.create(d, rec.actor());
              JsonObject after = WarningJson.adminJson(w, Instant.now());
              rec.record("warning.create", "warning", Long.toString(w.id()), null, null, after);
              return after;
            })
        .onSuccess(json -> JsonBodies.created(ctx, json));
  }

  private void end(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    long id = Params.pathId(ctx, "warning");
    Principal p = AdminAuth.principal(ctx);
    Audit.Recorder rec = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              Warning before = found(id);
              requireCity(p, before.city());
              Warning after = warnings.end(id);
              Instant now = Instant.now();
              if (before.endedAt() == null && after.endedAt() != null) {
                rec.record(
                    "warning.end",
                    "warning",
                    Long.toString(id),
                    null,
                    WarningJson.adminJson(before, now),
                    WarningJson.adminJson(after, now));
              }
              return WarningJson.adminJson(after, now);
            })
        .onSuccess(ctx::json);
  }

  private void delete(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    long id = Params.pathId(ctx, "warning");
    Principal p = AdminAuth.principal(ctx);
    Audit.Recorder rec = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              requireCity(p, found(id).city());
              Warning gone = warnings.delete(id);
              rec.record(
                  "warning.delete",
                  "warning",
                  Long.toString(id),
                  null,
                  WarningJson.adminJson(gone, Instant.now()),
                  null);
              return null;
            })
        .onSuccess(v -> ctx.response().setStatusCode(204).end());
  }

  private Warning found(long id) throws java.sql.SQLException {
    return warnings
        .find(id)
        .orElseThrow(() -> ProblemException.notFound("warning", Long.toString(id)));
  }

  /** A station admin may warn only a city their scope names whole. */
  private static void requireCity(Principal p, String city) {
    if (!p.isSuper() && !p.scope().cities().contains(city)) {
      throw new ProblemException(
          ErrorCode.FORBIDDEN,
          "Warnings for " + city + " are set by a super admin or an admin of the whole city");
    }
  }

  private static JsonObject feedJson(WarningFeed f) {
    WarningFeed.Status s = f.status();
    return new JsonObject()
        .put("url", s.url())
        .put("last_poll", s.lastPoll() == null ? null : s.lastPoll().toString())
        .put("last_success", s.lastSuccess() == null ? null : s.lastSuccess().toString())
        .put("last_error", s.lastError())
        .put("polls", s.polls())
        .put("failures", s.failures())
        .put("last_warnings", s.lastWarnings())
        .put("ignored", new JsonObject(new java.util.HashMap<>(s.ignored())));
  }
}
