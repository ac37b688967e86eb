package org.yizhan.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.yizhan.error.ErrorCode;
import org.yizhan.error.ProblemException;
import org.yizhan.error.Violation;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.live.LiveView;
import org.yizhan.station.Amenity;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.Clusters;
import org.yizhan.station.Navigation;
import org.yizhan.station.NearbyQuery;
import org.yizhan.station.NearbyResult;
import org.yizhan.station.PlaceSearch;
import org.yizhan.station.Station;
import org.yizhan.station.StationCsv;
import org.yizhan.station.StationFilter;
import org.yizhan.station.StationGeoJson;
import org.yizhan.station.StationImport;
import org.yizhan.station.StationInput;
import org.yizhan.station.StationKind;
import org.yizhan.station.StationRegistry;
import org.yizhan.station.StationSnapshot;
import org.yizhan.text.StrictNumbers;

/**
 * The station endpoints: public reads answered from the in-memory snapshot on the event loop, admin
 * writes run on the database worker pool.
 */
final class StationRoutes {

  static final String GEOJSON = "application/geo+json";
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
  private static final Set<String> CLUSTER_PARAMS =
      Set.of("bbox", "zoom", "amenity", "open_now", "open_24h", "kind", "free_seats");
  private static final Set<String> PLACE_PARAMS = Set.of("q", "limit");
  private static final Set<String> EXPORT_PARAMS = Set.of("format");
  private static final Set<String> NO_PARAMS = Set.of();
  static final int DEFAULT_NEARBY_LIMIT = 10;
  static final int DEFAULT_PAGE_LIMIT = 1000;
  static final int MAX_PAGE_LIMIT = 10_000;

  private final StationRegistry registry;
  private final LiveView live;
  private final WorkerExecutor db;
  private final AdminAuth admin;

  private final Scopes scopes;
  private final Audit audit;
  private final Handler<RoutingContext> importBody;

  /**
   * @param importBody reads the import's large body; it runs after authentication
   */
  StationRoutes(
      StationRegistry registry,
      LiveView live,
      WorkerExecutor db,
      AdminAuth admin,
      Scopes scopes,
      Audit audit,
      Handler<RoutingContext> importBody) {
    this.importBody = importBody;
    this.scopes = scopes;
    this.audit = audit;
    this.registry = registry;
    this.live = live;
    this.db = db;
    this.admin = admin;
  }

  void mount(Router router) {
    router.get("/api/v1/stations/nearby").handler(this::nearby);
    router.get("/api/v1/stations/clusters").handler(this::clusters);
    router.get("/api/v1/places").handler(this::places);
    var adminOnly = admin.require(AdminAuth.Access.ADMIN);
    router
        .get("/api/v1/stations/export")
        .handler(admin.require(AdminAuth.Access.READ))
        .handler(this::export);
    router
        .post(RequestBodies.IMPORT_PATH)
        .handler(admin.require(AdminAuth.Access.SUPER))
        .handler(importBody)
        .handler(this::importFile);
    router.get("/api/v1/stations").handler(this::list);
    router.post("/api/v1/stations").handler(adminOnly).handler(this::create);
    router.get("/api/v1/stations/:id").handler(this::get);
    router.get("/api/v1/stations/:id/navigation").handler(this::navigation);
    router.put("/api/v1/stations/:id").handler(adminOnly).handler(this::replace);
    router.delete("/api/v1/stations/:id").handler(adminOnly).handler(this::close);
  }

  private void nearby(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), NEARBY_PARAMS);
    double lat = p.requiredDouble("lat", -90, 90);
    double lon = p.requiredDouble("lon", -180, 180);
    int limit = p.optionalInt("limit", DEFAULT_NEARBY_LIMIT, 1, NearbyQuery.MAX_LIMIT);
    double radius =
        p.optionalDouble("radius_m", NearbyQuery.MAX_RADIUS_M, 1, NearbyQuery.MAX_RADIUS_M);
    NearbyQuery q = new NearbyQuery(new WgsCoordinate(lat, lon), limit, radius, filter(p));
    Instant now = Instant.now();
    List<NearbyResult> results = registry.snapshot().nearby(q, now, freeSeats(p, now));
    ctx.response()
        .putHeader("Content-Type", GEOJSON)
        .putHeader("Cache-Control", "no-cache")
        .end(StationResponses.nearby(results, now, live));
  }

  /**
   * {@code free_seats=true}: only stations whose live count shows a free seat now; {@code null} (no
   * live condition) otherwise. Shared by the nearest list and the map's clusters.
   */
  private Predicate<Station> freeSeats(Params p, Instant now) {
    return p.optionalBoolean("free_seats", false) ? s -> live.hasFreeSeat(s, now) : null;
  }

  /** The worker's filters, shared by the nearest list and the map's clusters. */
  private static StationFilter filter(Params p) {
    Set<Amenity> amenities = EnumSet.noneOf(Amenity.class);
    for (String code : p.multi("amenity")) {
      amenities.add(
          Amenity.findByCode(code)
              .orElseThrow(
                  () ->
                      ProblemException.invalid(
                          "amenity", "unknown amenity '" + Params.clip(code) + "'")));
    }
    Set<StationKind> kinds = EnumSet.noneOf(StationKind.class);
    for (String code : p.multi("kind")) {
      kinds.add(
          StationKind.findByCode(code)
              .orElseThrow(
                  () ->
                      ProblemException.invalid(
                          "kind", "unknown kind '" + Params.clip(code) + "'")));
    }
    return new StationFilter(
        amenities,
        p.optionalBoolean("open_now", false),
        p.optionalBoolean("open_24h", false),
        kinds);
  }

  private void list(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), LIST_PARAMS);
    BoundingBox box = bbox(p.single("bbox"));
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
    ctx.response()
        .putHeader("Content-Type", GEOJSON)
        .putHeader("Cache-Control", "no-cache")
        .end(StationResponses.page(page, Instant.now(), next, live));
  }

  /**
   * The listed stations in a box as counted clusters for a map zoom: the overview of a province or
   * of the whole country in one small answer. A single-station cluster names the station.
   */
  private void clusters(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), CLUSTER_PARAMS);
    BoundingBox box = bbox(p.single("bbox"));
    if (p.single("zoom") == null) {
      throw ProblemException.invalid("zoom", "is required: the map's zoom level, 0 to 20");
    }
    int zoom = p.optionalInt("zoom", 0, 0, Clusters.MAX_ZOOM);
    StationFilter f = filter(p);
    Instant now = Instant.now();
    List<Clusters.Cluster> found =
        registry.snapshot().clusters(box, zoom, f, now, freeSeats(p, now));
    StringBuilder sb = new StringBuilder(64 + found.size() * 96);
    int matched = 0;
    sb.append("{\"zoom\":").append(zoom).append(",\"cell_px\":").append(Clusters.CELL_PX);
    sb.append(",\"clusters\":[");
    for (int i = 0; i < found.size(); i++) {
      Clusters.Cluster c = found.get(i);
      matched += c.count();
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"lat\":").append(round5(c.lat())).append(",\"lon\":").append(round5(c.lon()));
      sb.append(",\"count\":").append(c.count());
      if (c.stationId() != null) {
        sb.append(",\"id\":\"").append(c.stationId()).append('"');
      } else {
        sb.append(",\"bbox\":[").append(round5(c.minLon())).append(',').append(round5(c.minLat()));
        sb.append(',')
            .append(round5(c.maxLon()))
            .append(',')
            .append(round5(c.maxLat()))
            .append(']');
      }
      sb.append('}');
    }
    sb.append("],\"matched\":").append(matched).append('}');
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache")
        .end(sb.toString());
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
    blocking(ctx, () -> PlaceSearch.search(all, q, limit))
        .onSuccess(
            found -> {
              io.vertx.core.json.JsonArray places = new io.vertx.core.json.JsonArray();
              for (PlaceSearch.Place place : found) {
                places.add(
                    new JsonObject()
                        .put("kind", place.kind())
                        .put("name", place.name())
                        .put("detail", place.detail())
                        .put("lat", round5(place.lat()))
                        .put("lon", round5(place.lon()))
                        .put("station_id", place.id()));
              }
              ctx.response().putHeader("Cache-Control", "no-cache");
              ctx.json(new JsonObject().put("query", q).put("places", places));
            });
  }

  /** Five decimals: about a metre, as much as a map marker needs. */
  private static double round5(double v) {
    return Math.round(v * 1e5) / 1e5;
  }

  static BoundingBox bbox(String raw) {
    if (raw == null) {
      return BoundingBox.WORLD;
    }
    String[] parts = raw.split(",", -1);
    if (parts.length != 4) {
      throw ProblemException.invalid("bbox", "must be minLon,minLat,maxLon,maxLat");
    }
    double minLon = Params.parseDouble("bbox", parts[0].strip(), -180, 180);
    double minLat = Params.parseDouble("bbox", parts[1].strip(), -90, 90);
    double maxLon = Params.parseDouble("bbox", parts[2].strip(), -180, 180);
    double maxLat = Params.parseDouble("bbox", parts[3].strip(), -90, 90);
    if (minLon > maxLon) {
      throw ProblemException.invalid(
          "bbox",
          "minLon must not exceed maxLon (boxes across the antimeridian are not supported)");
    }
    if (minLat > maxLat) {
      throw ProblemException.invalid("bbox", "minLat must not exceed maxLat");
    }
    return new BoundingBox(minLon, minLat, maxLon, maxLat);
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
    ctx.response()
        .putHeader("Content-Type", GEOJSON)
        .putHeader("ETag", "\"" + s.version() + "\"")
        .putHeader("Cache-Control", "no-cache")
        .end(sb.append("}}").toString());
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

  private void create(RoutingContext ctx) {
    Params.of(ctx.queryParams(), NO_PARAMS);
    Station draft = readStation(ctx, null);
    Scopes.requirePlacement(AdminAuth.principal(ctx), draft);
    Audit.Recorder who = audit.by(ctx);
    blocking(
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
    blocking(
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
    blocking(
            ctx,
            () -> {
              Station s = registry.close(id, expected);
              who.record("station.close", "station", id, id, json(old), json(s));
              return s;
            })
        .onSuccess(s -> sendStation(ctx, 200, s));
  }

  private void importFile(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), EXPORT_PARAMS);
    StationImport.Format format =
        importFormat(p.single("format"), ctx.request().getHeader("Content-Type"));
    Buffer body = ctx.body().buffer();
    Audit.Recorder who = audit.by(ctx);
    blocking(
            ctx,
            () -> {
              // Decoding and parsing up to the import limit happen here, off the event loop.
              String text =
                  body == null ? "" : body.toString(java.nio.charset.StandardCharsets.UTF_8);
              List<Station> stations = StationImport.parse(format, text);
              StationRegistry.ImportReport r = registry.importAll(stations);
              who.record(
                  "station.import",
                  "station",
                  null,
                  null,
                  null,
                  new JsonObject()
                      .put("format", format.name().toLowerCase(java.util.Locale.ROOT))
                      .put("created", r.created())
                      .put("updated", r.updated())
                      .put(
                          "ids",
                          new io.vertx.core.json.JsonArray(
                              stations.stream().map(Station::id).limit(1000).toList())));
              return r;
            })
        .onSuccess(
            r ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("imported", r.created() + r.updated())
                            .put("created", r.created())
                            .put("updated", r.updated())
                            .encode()));
  }

  private void export(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), EXPORT_PARAMS);
    String format = p.single("format") == null ? "geojson" : p.single("format");
    var principal = AdminAuth.principal(ctx);
    List<Station> all = registry.snapshot().list();
    if (principal.role() == org.yizhan.account.Role.STATION_ADMIN) {
      all = all.stream().filter(principal::covers).toList();
    }
    switch (format) {
      case "geojson" -> {
        Buffer b = Buffer.buffer(all.size() * 600 + 64);
        b.appendString("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < all.size(); i++) {
          b.appendString(i == 0 ? "" : ",").appendString(StationGeoJson.feature(all.get(i)));
        }
        ctx.response()
            .putHeader("Content-Type", GEOJSON)
            .putHeader("Content-Disposition", "attachment; filename=\"stations.geojson\"")
            .end(b.appendString("]}"));
      }
      case "csv" -> {
        StringBuilder sb = new StringBuilder(all.size() * 300);
        try {
          StationCsv.write(sb, all);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        ctx.response()
            .putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"stations.csv\"")
            .end(sb.toString());
      }
      default -> throw ProblemException.invalid("format", "must be geojson or csv");
    }
  }

  private static StationImport.Format importFormat(String param, String contentType) {
    if (param != null) {
      return switch (param) {
        case "geojson" -> StationImport.Format.GEOJSON;
        case "csv" -> StationImport.Format.CSV;
        default -> throw ProblemException.invalid("format", "must be geojson or csv");
      };
    }
    String ct = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
    if (ct.startsWith("text/csv")) {
      return StationImport.Format.CSV;
    }
    if (ct.startsWith("application/geo+json") || ct.startsWith("application/json")) {
      return StationImport.Format.GEOJSON;
    }
    throw new ProblemException(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        "Send text/csv or application/geo+json, or name the format with ?format=",
        List.of(Violation.of("Content-Type", "must be text/csv or application/geo+json")));
  }

  /** Parses a JSON Feature body into a station draft, or fails with every violation. */
  private static Station readStation(RoutingContext ctx, String fixedId) {
    String ct = ctx.request().getHeader("Content-Type");
    if (ct == null
        || !(ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")
            || ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/geo+json"))) {
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
      json = io.vertx.core.json.Json.decodeValue(body);
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
    Long version = StrictNumbers.integer(t);
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
        .putHeader("Content-Type", GEOJSON)
        .putHeader("ETag", "\"" + s.version() + "\"")
        .putHeader("Cache-Control", "no-cache")
        .end(StationGeoJson.feature(s));
  }

  /** Runs blocking work on the database pool; failures go to the router's problem handler. */
  private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
    return db.<T>executeBlocking(work, false).onFailure(ctx::fail);
  }
}
