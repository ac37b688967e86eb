package org.yizhan.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.regex.Pattern;
import org.yizhan.config.YizhanConfig;
import org.yizhan.station.NearbyResult;

/**
 * One HTTP server instance; the application deploys one per event loop, all sharing the same port,
 * the same registry and the same database worker pool.
 */
public final class ApiVerticle extends VerticleBase {

  /** Name of the shared worker pool that runs blocking JDBC. */
  public static final String DB_POOL = "yizhan-db";

  /** A percent-escaped C0 control character or DEL. */
  private static final Pattern CONTROL_ESCAPE = Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF])");

  private final YizhanConfig config;
  private final java.util.List<RouteGroup> groups;
  private WorkerExecutor db;
  private volatile Router router;

  ApiVerticle(YizhanConfig config, java.util.List<RouteGroup> groups) {
    this.config = config;
    this.groups = java.util.List.copyOf(groups);
  }

  @Override
  public Future<?> start() {
    db = vertx.createSharedWorkerExecutor(DB_POOL, config.dbPoolSize());
    Router router = Router.router(vertx);
    this.router = router;
    new ClientAddress(config.trustedProxies()).mount(router);
    CrossOrigin.mount(router, config.corsOrigins());
    // Only writes carry bodies; reads (the hot path) skip the body handler.
    router.route("/api/*").handler(ApiVerticle::refuseControlCharactersInPath);
    RequestBodies bodies = new RequestBodies(config.bodyLimits());
    bodies.mount(router);
    RouteGroup.Kit kit = new RouteGroup.Kit(db, bodies);
    for (RouteGroup g : groups) {
      g.mount(router, kit);
    }
    router.get("/api/v1/map-config").handler(ctx -> ctx.json(mapConfig()));
    router
        .route("/vendor/leaflet/*")
        .handler(
            StaticHandler.create("META-INF/resources/webjars/leaflet/1.9.4/dist")
                .setMaxAgeSeconds(86_400));
    // Vert.x knows no type for .webmanifest; browsers want this one for "add to home screen".
    router
        .get("/manifest.webmanifest")
        .handler(
            ctx -> {
              ctx.response().putHeader("Content-Type", "application/manifest+json");
              ctx.next();
            });
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(Problems::handle);
    for (int status : new int[] {404, 405, 413, 415}) {
      router.errorHandler(status, ctx -> Problems.send(ctx, Problems.fromStatus(status)));
    }
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.httpHost())
            .setPort(config.httpPort())
            .setCompressionSupported(true)
            // Level 1: nearly the size of level 6 on GeoJSON at a fraction of the CPU.
            .setCompressionLevel(1)
            .setTcpNoDelay(true)
            // No h2c upgrade: no browser uses it, and on that path Vert.x answers an oversized
            // request itself with an empty 431 that the invalid-request handler never sees.
            .setHttp2ClearTextEnabled(false);
    return vertx
        .createHttpServer(options)
        .requestHandler(router)
        .invalidRequestHandler(Problems::invalidRequest)
        .listen();
  }

  /** The routes this instance mounted, in order; empty before it starts. */
  java.util.List<io.vertx.ext.web.Route> routes() {
    Router r = router;
    return r == null ? java.util.List.of() : r.getRoutes();
  }

  @Override
  public Future<?> stop() {
    return db == null ? Future.succeededFuture() : db.close();
  }

  /**
   * No id, name or code in a path holds a control character, so such a path names nothing (404);
   * refused here once, before a route could carry a NUL into SQL, which PostgreSQL answers with an
   * error.
   */
  private static void refuseControlCharactersInPath(RoutingContext ctx) {
    if (CONTROL_ESCAPE.matcher(ctx.request().path()).find()) {
      Problems.send(ctx, Problems.fromStatus(404));
      return;
    }
    ctx.next();
  }

  private JsonObject mapConfig() {
    var t = config.tiles();
    return new JsonObject()
        .put("provider", t.provider())
        .put("tile_url", t.url())
        .put("overlay_url", t.overlayUrl())
        .put("tile_attribution", t.attribution())
        .put("subdomains", t.subdomains())
        .put("tile_crs", t.crs())
        .put("max_zoom", t.maxZoom())
        // the station page's walking minutes from a point use the nearby answers' own figures
        .put("walking_speed_m_per_min", NearbyResult.WALK_M_PER_MIN)
        .put("walking_detour_factor", NearbyResult.DETOUR_FACTOR);
  }
}
