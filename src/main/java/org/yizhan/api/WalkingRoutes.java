package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yizhan.json.JsonText;
import org.yizhan.routing.WalkingNetwork;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.Station;
import org.yizhan.station.StationRegistry;
import org.yizhan.station.StationSnapshot;

/**
 * Walking isochrones: one station's (public, for the station page) and every station's in a box
 * (planners). Drawn on the database worker pool, since a triangulation takes milliseconds to tens
 * of milliseconds; answered 503 when no walking network is loaded.
 */
final class WalkingRoutes {

  /** Stations one planning request may draw. */
  static final int MAX_BULK = 100;

  private static final Set<String> ONE_PARAMS = Set.of("minutes");
  private static final Set<String> BULK_PARAMS = Set.of("bbox", "minutes");

  private final StationRegistry registry;
  private final WalkingNetwork walking;
  private final WorkerExecutor db;
  private final AdminAuth admin;

  WalkingRoutes(
      StationRegistry registry, WalkingNetwork walking, WorkerExecutor db, AdminAuth admin) {
    this.registry = registry;
    this.walking = walking;
    this.db = db;
    this.admin = admin;
  }

  void mount(Router router) {
    router.get("/api/v1/stations/:id/isochrone").handler(this::one);
    router
        .get("/api/v1/planning/isochrones")
        .handler(admin.require(AdminAuth.Access.PLAN))
        .handler(this::bulk);
  }

  private void one(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), ONE_PARAMS);
    int minutes = minutes(p);
    String id = ctx.pathParam("id");
    Station s =
        registry
            .snapshot()
            .find(id)
            .filter(Station::isListed)
            .orElseThrow(() -> ProblemException.notFound("station", id));
    requireReady();
    Blocking.run(db, ctx, () -> walking.isochrone(s, minutes))
        .onSuccess(
            g -> {
              if (g.isEmpty()) {
                ctx.fail(
                    new ProblemException(
                        ErrorCode.NOT_FOUND,
                        "station "
                            + id
                            + " is not on the walking network (no walkable street within 400 m)"));
                return;
              }
              StringBuilder sb = new StringBuilder(g.get().length() + 160);
              feature(sb, s, minutes, g.get());
              ctx.response()
                  .putHeader("Content-Type", StationRoutes.GEOJSON)
                  .putHeader("Cache-Control", "max-age=300")
                  .end(sb.toString());
            });
  }

  private void bulk(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), BULK_PARAMS);
    int minutes = minutes(p);
    if (p.single("bbox") == null) {
      throw ProblemException.invalid("bbox", "is required: minLon,minLat,maxLon,maxLat");
    }
    BoundingBox box = StationParams.bbox(p.single("bbox"));
    StationSnapshot.Page page = registry.snapshot().within(box, 0, MAX_BULK, false);
    if (page.matched() > MAX_BULK) {
      throw ProblemException.invalid(
          "bbox",
          "holds "
              + page.matched()
              + " stations; at most "
              + MAX_BULK
              + " isochrones are drawn at a time: ask for a smaller box");
    }
    requireReady();
    List<Station> stations = page.stations();
    Blocking.run(
            db,
            ctx,
            () -> {
              List<String> drawn = new ArrayList<>(stations.size());
              List<String> offNetwork = new ArrayList<>();
              for (Station s : stations) {
                Optional<String> g = walking.isochrone(s, minutes);
                if (g.isPresent()) {
                  StringBuilder sb = new StringBuilder(g.get().length() + 160);
                  feature(sb, s, minutes, g.get());
                  drawn.add(sb.toString());
                } else {
                  offNetwork.add(s.id());
                }
              }
              StringBuilder sb = new StringBuilder("{\"type\":\"FeatureCollection\"");
              sb.append(",\"minutes\":").append(minutes);
              sb.append(",\"numberReturned\":").append(drawn.size());
              sb.append(",\"off_network\":[");
              for (int i = 0; i < offNetwork.size(); i++) {
                JsonText.string(sb.append(i == 0 ? "" : ","), offNetwork.get(i));
              }
              sb.append("],\"features\":[").append(String.join(",", drawn));
              return sb.append("]}").toString();
            })
        .onSuccess(
            body ->
                ctx.response()
                    .putHeader("Content-Type", StationRoutes.GEOJSON)
                    .putHeader("Cache-Control", "no-cache")
                    .end(body));
  }

  private static int minutes(Params p) {
    return p.optionalInt(
        "minutes", WalkingNetwork.DEFAULT_ISOCHRONE_MIN, 1, WalkingNetwork.MAX_ISOCHRONE_MIN);
  }

  private void requireReady() {
    WalkingNetwork.State state = walking.state();
    if (state == WalkingNetwork.State.READY) {
      return;
    }
    ProblemException e = new ProblemException(ErrorCode.UNAVAILABLE, walking.why());
    throw state == WalkingNetwork.State.IMPORTING ? e.withRetryAfter(30) : e;
  }

  private static void feature(StringBuilder sb, Station s, int minutes, String geometry) {
    sb.append("{\"type\":\"Feature\",\"id\":");
    JsonText.string(sb, s.id());
    sb.append(",\"geometry\":").append(geometry);
    sb.append(",\"properties\":{\"station_id\":");
    JsonText.string(sb, s.id());
    sb.append(",\"name\":");
    JsonText.string(sb, s.nameZh());
    sb.append(",\"minutes\":").append(minutes);
    sb.append(",\"profile\":\"foot\"}}");
  }
}
