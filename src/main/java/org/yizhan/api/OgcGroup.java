package org.yizhan.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;
import org.yizhan.account.Principal;
import org.yizhan.api.ogc.OgcCollection;
import org.yizhan.api.ogc.OgcGate;
import org.yizhan.api.ogc.OgcRoutes;
import org.yizhan.live.LiveModule;
import org.yizhan.planning.PlanningService;
import org.yizhan.station.StationRegistry;

/**
 * Mounts OGC API - Features ({@link OgcRoutes}) with the admin API's authentication and station
 * scopes lent to it, so that a collection for admins is guarded exactly as the admin API is, and
 * one of planning data exactly as the planning API is.
 */
final class OgcGroup implements RouteGroup, OgcGate {

  private final StationRegistry stations;
  private final LiveModule live;
  private final DeviceJson devices;
  private final AdminAuth admin;
  private final Scopes scopes;
  private final PlanningService planning;

  OgcGroup(
      StationRegistry stations,
      LiveModule live,
      DeviceJson devices,
      PlanningService planning,
      AdminAuth admin,
      Scopes scopes) {
    this.stations = stations;
    this.live = live;
    this.devices = devices;
    this.planning = planning;
    this.admin = admin;
    this.scopes = scopes;
  }

  @Override
  public void mount(Router router, Kit kit) {
    OgcRoutes.of(stations, live, devices::fleetStations, planning, this, kit.db()).mount(router);
  }

  @Override
  public Handler<RoutingContext> identify() {
    Handler<RoutingContext> any = admin.require(AdminAuth.Access.READ);
    return ctx -> {
      if (AdminAuth.credential(ctx).isPresent()) {
        any.handle(ctx);
      } else {
        ctx.next();
      }
    };
  }

  @Override
  public Handler<RoutingContext> require(OgcCollection.Access access) {
    return admin.require(of(access));
  }

  @Override
  public boolean allows(RoutingContext ctx, OgcCollection.Access access) {
    Principal p = AdminAuth.findPrincipal(ctx).orElse(null);
    return p != null && AdminAuth.permits(p, of(access));
  }

  /** The admin API's access a collection's access stands for. */
  private static AdminAuth.Access of(OgcCollection.Access access) {
    return switch (access) {
      case PUBLIC -> AdminAuth.Access.READ;
      case ADMIN -> AdminAuth.Access.ADMIN;
      case PLAN -> AdminAuth.Access.PLAN;
    };
  }

  @Override
  public Predicate<String> stationScope(RoutingContext ctx) {
    return scopes.filter(AdminAuth.principal(ctx));
  }
}
