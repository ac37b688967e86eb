package org.yizhan.health;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Liveness (the process answers) and readiness (it can serve: every {@link ReadinessCheck} passes,
 * such as the database answering a round trip and the reading writer committing). Orchestrators
 * restart on the first and route traffic on the second; the readiness answer names what is wrong.
 *
 * <p>Readiness also lists warnings: things an operator should see that are no reason to stop
 * routing traffic (storage maintenance that is late), under {@code "warnings"}, empty when there
 * are none; they never make the answer 503.
 */
public final class HealthRoutes {

  private final WorkerExecutor blocking;
  private final List<ReadinessCheck> checks;
  private final List<ReadinessCheck> warnings;
  private final Supplier<JsonObject> cluster;

  public HealthRoutes(WorkerExecutor blocking, List<ReadinessCheck> checks) {
    this(blocking, checks, List.of());
  }

  public HealthRoutes(
      WorkerExecutor blocking, List<ReadinessCheck> checks, List<ReadinessCheck> warnings) {
    this(blocking, checks, warnings, null);
  }

  /**
   * @param warnings asked like the checks, but a problem is only listed, never makes it unready
   * @param cluster this instance's part in the cluster, shown under {@code "cluster"} (whether it
   *     owns the cluster-wide duties), or null to leave it out
   */
  public HealthRoutes(
      WorkerExecutor blocking,
      List<ReadinessCheck> checks,
      List<ReadinessCheck> warnings,
      Supplier<JsonObject> cluster) {
    this.blocking = blocking;
    this.checks = List.copyOf(checks);
    this.warnings = List.copyOf(warnings);
    this.cluster = cluster;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
  }

  private void live(RoutingContext ctx) {
    send(ctx, true, new JsonObject(), null, null);
  }

  private void ready(RoutingContext ctx) {
    blocking
        .executeBlocking(this::runChecks, false)
        .onComplete(
            r -> {
              if (r.failed()) {
                send(
                    ctx,
                    false,
                    new JsonObject().put("checks", "failed: " + r.cause()),
                    new JsonObject(),
                    null);
                return;
              }
              send(
                  ctx,
                  r.result().getBoolean("up"),
                  r.result().getJsonObject("checks"),
                  r.result().getJsonObject("warnings"),
                  cluster == null ? null : cluster.get());
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
    JsonObject warned = new JsonObject();
    for (ReadinessCheck w : warnings) {
      try {
        w.problem().ifPresent(p -> warned.put(w.name(), p));
      } catch (RuntimeException e) {
        warned.put(w.name(), "check failed: " + e.getMessage());
      }
    }
    return new JsonObject().put("up", up).put("checks", out).put("warnings", warned);
  }

  /** {@code warnings} or {@code cluster} null leaves them out (liveness). */
  private static void send(
      RoutingContext ctx, boolean up, JsonObject checks, JsonObject warnings, JsonObject cluster) {
    JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks);
    if (warnings != null) {
      body.put("warnings", warnings);
    }
    if (cluster != null) {
      body.put("cluster", cluster);
    }
    ctx.response()
        .setStatusCode(up ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
