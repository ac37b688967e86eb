package org.yizhan.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.yizhan.live.LiveView;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.Clusters;
import org.yizhan.station.StationFilter;
import org.yizhan.station.StationRegistry;

/**
 * The listed stations in a box as counted clusters for a map zoom: the overview of a province or of
 * the whole country in one small answer, written straight as JSON text on the event loop.
 */
final class StationClusterRoutes {

  private static final Set<String> CLUSTER_PARAMS =
      Set.of("bbox", "zoom", "amenity", "open_now", "open_24h", "kind", "free_seats");

  private final StationRegistry registry;
  private final LiveView live;

  StationClusterRoutes(StationRegistry registry, LiveView live) {
    this.registry = registry;
    this.live = live;
  }

  void mount(Router router) {
    router.get("/api/v1/stations/clusters").handler(this::clusters);
  }

  /** A single-station cluster names the station; a larger one gives its bounding box. */
  private void clusters(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), CLUSTER_PARAMS);
    BoundingBox box = StationParams.bbox(p.single("bbox"));
    if (p.single("zoom") == null) {
      throw ProblemException.invalid("zoom", "is required: the map's zoom level, 0 to 20");
    }
    int zoom = p.optionalInt("zoom", 0, 0, Clusters.MAX_ZOOM);
    StationFilter f = StationParams.filter(p);
    Instant now = Instant.now();
    List<Clusters.Cluster> found =
        registry.snapshot().clusters(box, zoom, f, now, StationParams.freeSeats(p, live, now));
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache")
        .end(json(zoom, found));
  }

  private static String json(int zoom, List<Clusters.Cluster> found) {
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
    return sb.append("],\"matched\":").append(matched).append('}').toString();
  }

  private static double round5(double v) {
    return StationParams.round5(v);
  }
}
