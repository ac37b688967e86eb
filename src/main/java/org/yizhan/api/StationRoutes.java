package org.yizhan.api;

import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.yizhan.arrival.Arrivals;
import org.yizhan.live.LiveView;
import org.yizhan.routing.WalkingNetwork;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.StationRegistry;

/**
 * The station endpoints, mounted in the one order that keeps fixed paths ({@code nearby}, {@code
 * clusters}, {@code export}) ahead of {@code /stations/:id}: the map's clusters, import and export,
 * the public reads, then the admin writes. Each group is its own class.
 */
final class StationRoutes {

  static final String GEOJSON = "application/geo+json";

  private final StationClusterRoutes clusters;
  private final StationTransferRoutes transfer;
  private final StationReadRoutes reads;
  private final StationAdminRoutes writes;

  /**
   * @param importBody reads the import's large body; it runs after authentication
   * @param walking re-ranks the nearest list by walking time when a walking network is loaded
   * @param arrivals the free seats on arrival that nearby answers carry
   */
  StationRoutes(
      StationRegistry registry,
      LiveView live,
      org.yizhan.warning.WarningBook warnings,
      WorkerExecutor db,
      AdminAuth admin,
      Scopes scopes,
      Audit audit,
      Handler<RoutingContext> importBody,
      WalkingNetwork walking,
      Arrivals arrivals) {
    this.clusters = new StationClusterRoutes(registry, live);
    this.transfer = new StationTransferRoutes(registry, db, admin, audit, importBody);
    this.reads = new StationReadRoutes(registry, live, db, warnings, walking, arrivals);
    this.writes = new StationAdminRoutes(registry, db, admin, scopes, audit);
  }

  void mount(Router router) {
    clusters.mount(router);
    transfer.mount(router);
    reads.mount(router);
    writes.mount(router);
  }

  /** The {@code bbox} parameter, also read by the live and fleet answers. */
  static BoundingBox bbox(String raw) {
    return StationParams.bbox(raw);
  }
}
