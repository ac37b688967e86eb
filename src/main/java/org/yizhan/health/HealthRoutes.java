package org.yizhan.health;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Liveness (the process answers) and readiness (it can serve: every {@link ReadinessCheck} passes,
 * such as the database answering a round trip and the reading writer committing). Orchestrators
 * restart on the first and route traffic on the second; the readiness answer names what is wrong.
 */
public final class HealthRoutes {

  private final WorkerExecutor blocking;
  private final List<ReadinessCheck> checks;

  public HealthRoutes(WorkerExecutor blocking, List<ReadinessCheck> checks) {
    this.blocking = blocking;
    this.checks = List.copyOf(checks);
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
        .executeBlocking(this::runChecks, false)
        .onComplete(
            r -> {
              if (r.failed()) {
                send(ctx, false, new JsonObject().put("checks", "failed: " + r.cause()));
                return;
              }
              send(ctx, r.result().getBoolean("up"), r.result().getJsonObject("checks"));
            });
  }

  private JsonObject runChecks() {
    JsonObject out = new JsonObject();
    boolean up = true;
    for (ReadinessCheck c : checks) {
      Optional<String> problem;
      try {
        problem = c.problem();
      } catch (RuntimeException e) {
        problem = Optional.of("check failed: " + e.getMessage());
      }
      up &= problem.isEmpty();
      out.put(c.name(), problem.map(p -> "DOWN: " + p).orElse("UP"));
    }
    return new JsonObject().put("up", up).put("checks", out);
  }

  private static void send(RoutingContext ctx, boolean up, JsonObject checks) {
    ctx.response()
        .setStatusCode(up ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks).encode());
  }
}
