package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.yizhan.arrival.Arrivals;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.live.LiveView;
import org.yizhan.routing.WalkingNetwork;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.Navigation;
import org.yizhan.station.NearbyQuery;
import org.yizhan.station.NearbyResult;
import org.yizhan.station.PlaceSearch;
import org.yizhan.station.Station;
import org.yizhan.station.StationGeoJson;
import org.yizhan.station.StationRegistry;
import org.yizhan.station.StationSnapshot;
import org.yizhan.warning.WarningBook;

/**
 * The public station reads: the nearest list, a page of stations, one station, its navigation links
 * and the place search. Answered from the in-memory snapshot on the event loop; only the place
 * search runs on the worker pool.
 */
final class StationReadRoutes {

  private static final Set<String> NEARBY_PARAMS =
      Set.of(
          "lat",
          "lon",
          "limit",
          "radius_m",
          "amenity",
          "open_now",
          "open_24h",
          "kind",
          "free_seats");
  private static final Set<String> LIST_PARAMS =
      Set.of("bbox", "limit", "offset", "include_closed");
  private static final Set<String> PLACE_PARAMS = Set.of("q", "limit");
  private static final Set<String> NO_PARAMS = Set.of();
  static final int DEFAULT_NEARBY_LIMIT = 10;
  static final int DEFAULT_PAGE_LIMIT = 1000;
  static final int MAX_PAGE_LIMIT = 10_000;

  private final StationRegistry registry;
  private final LiveView live;
  private final WorkerExecutor db;
  private final WarningBook warnings;
  private final WalkingNetwork walking;
  private final Arrivals arrivals;

  StationReadRoutes(
      StationRegistry registry,
      LiveView live,
      WorkerExecutor db,
      WarningBook warnings,
      WalkingNetwork walking,
      Arrivals arrivals) {
    this.registry = registry;
    this.live = live;
    this.db = db;
    this.warnings = warnings;
    this.walking = walking;
    this.arrivals = arrivals;
  }

  /** Mounts the fixed paths before {@code :id}, which would otherwise take "nearby" as an id. */
  void mount(Router router) {
    router.get("/api/v1/stations/nearby").handler(this::nearby);
    router.get("/api/v1/places").handler(this::places);
    router.get("/api/v1/stations").handler(this::list);
    router.get("/api/v1/stations/:id").handler(this::get);
    router.get("/api/v1/stations/:id/navigation").handler(this::navigation);
  }

  private void nearby(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), NEARBY_PARAMS);
    double lat = p.requiredDouble("lat", -90, 90);
    double lon = p.requiredDouble("lon", -180, 180);
    int limit = p.optionalInt("limit", DEFAULT_NEARBY_LIMIT, 1, NearbyQuery.MAX_LIMIT);
    double radius =
        p.optionalDouble("radius_m", NearbyQuery.MAX_RADIUS_M, 1, NearbyQuery.MAX_RADIUS_M);
    NearbyQuery q =
        new NearbyQuery(new WgsCoordinate(lat, lon), limit, radius, StationParams.filter(p));
    Instant now = Instant.now();
    java.util.function.Predicate<Station> also = StationParams.freeSeats(p, live, now);
    StationSnapshot snapshot = registry.snapshot();
    List<NearbyResult> results = walking.nearby(snapshot, q, now, also);
    WarningAdvice advice =
        WarningAdvice.of(
            warnings,
            () -> snapshot,
            live,
            q,
            wider -> walking.nearby(snapshot, wider, now, also),
            results,
            now);
    ctx.response()
        .putHeader("Content-Type", StationRoutes.GEOJSON)
        .putHeader("Cache-Control", "no-cache")
        .end(StationResponses.nearby(advice.results(), now, live, advice, arrivals));
  }

  private void list(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), LIST_PARAMS);
    BoundingBox box = StationParams.bbox(p.single("bbox"));
    int limit = p.optionalInt("limit", DEFAULT_PAGE_LIMIT, 1, MAX_PAGE_LIMIT);
    int offset = p.optionalInt("offset", 0, 0, Integer.MAX_VALUE);
    boolean includeClosed = p.optionalBoolean("include_closed", false);
    StationSnapshot.Page page = registry.snapshot().within(box, offset, limit, includeClosed);
    String next = null;
    if (offset + page.features().size() < page.matched()) {
      StringBuilder sb = new StringBuilder("/api/v1/stations?");
      if (p.single("bbox") != null) {
        sb.append("bbox=").append(p.single("bbox")).append('&');
      }
      if (includeClosed) {
        sb.append("include_closed=true&");
      }
      sb.append("limit=").append(limit).append("&offset=").append(offset + limit);
      next = sb.toString();
    }
    io.vertx.core.buffer.Buffer body = StationResponses.page(page, Instant.now(), next, live);
    // the answer's own time stamp does not count: the tag changes when the stations do
    int from = body.getString(0, Math.min(body.length(), 120)).indexOf("\"numberMatched\"");
    ConditionalGet.send(ctx, StationRoutes.GEOJSON, body, Math.max(0, from), "", true);
  }

  /** Cities, districts and stations matching what a worker typed, to find stations near them. */
  private void places(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), PLACE_PARAMS);
    String q = p.single("q");
    if (q == null || q.isBlank()) {
      throw ProblemException.invalid("q", "is required: part of a place, street or station name");
    }
    if (q.codePointCount(0, q.length()) > PlaceSearch.MAX_QUERY) {
      throw ProblemException.invalid(
          "q", "is longer than " + PlaceSearch.MAX_QUERY + " characters");
    }
    int limit = p.optionalInt("limit", 10, 1, 50);
    List<Station> all = registry.snapshot().list();
    Blocking.run(db, ctx, () -> PlaceSearch.search(all, q, limit))
        .onSuccess(
            found -> {
              JsonArray places = new JsonArray();
              for (PlaceSearch.Place place : found) {
                places.add(
                    new JsonObject()
                        .put("kind", place.kind())
                        .put("name", place.name())
                        .put("detail", place.detail())
                        .put("lat", StationParams.round5(place.lat()))
                        .put("lon", StationParams.round5(place.lon()))
                        .put("station_id", place.id()));
              }
              ctx.response().putHeader("Cache-Control", "no-cache");
              ctx.json(new JsonObject().put("query", q).put("places", places));
            });
  }

  private void get(RoutingContext ctx) {
    Params.of(ctx.queryParams(), NO_PARAMS);
    String id = ctx.pathParam("id");
    Station s =
        registry.snapshot().find(id).orElseThrow(() -> ProblemException.notFound("station", id));
    Instant now = Instant.now();
    StringBuilder sb = new StringBuilder(StationGeoJson.openFeature(s));
    sb.append(",\"open_state\":\"").append(StationSnapshot.openState(s, now).code()).append('"');
    sb.append(",\"next_change\":").append(StationSnapshot.hoursAt(s, now).nextChangeJson());
    live.appendLive(sb, s, now);
    // "version-digest": If-Match reads the version, If-None-Match the whole tag
    ConditionalGet.send(ctx, StationRoutes.GEOJSON, sb.append("}}").toString(), s.version() + "-");
  }

  /** The station in each map provider's coordinates, with links that start walking there. */
  private void navigation(RoutingContext ctx) {
    Params.of(ctx.queryParams(), NO_PARAMS);
    String id = ctx.pathParam("id");
    Station s =
        registry
            .snapshot()
            .find(id)
            .filter(Station::isListed)
            .orElseThrow(() -> ProblemException.notFound("station", id));
    ctx.response().putHeader("Cache-Control", "no-cache");
    ctx.json(Navigation.of(s));
  }
}
