package org.yizhan.health;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/**
 * Liveness (the process answers) and readiness (it can serve: the database answers a round trip).
 * Orchestrators restart on the first and route traffic on the second.
 */
public final class HealthRoutes {

  private final WorkerExecutor blocking;
  private final BooleanSupplier databaseReachable;

  public HealthRoutes(WorkerExecutor blocking, BooleanSupplier databaseReachable) {
    this.blocking = blocking;
    this.databaseReachable = databaseReachable;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
  }

  private void live(RoutingContext ctx) {
    send(ctx, true, new JsonObject());
  }

  private void ready(RoutingContext ctx) {
    blocking
        .executeBlocking(databaseReachable::getAsBoolean, false)
        .onComplete(
            r -> {
              boolean up = r.succeeded() && r.result();
              send(ctx, up, new JsonObject().put("database", up ? "UP" : "DOWN"));
            });
  }

  private static void send(RoutingContext ctx, boolean up, JsonObject checks) {
    ctx.response()
        .setStatusCode(up ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks).encode());
  }
}
