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
 *
 * <p>Readiness also lists warnings: things an operator should see that are no reason to stop
 * routing traffic (storage maintenance that is late), under {@code "warnings"}, empty when there
 * are none; they never make the answer 503.
 */
public final class HealthRoutes {

  private final WorkerExecutor blocking;
  private final List<ReadinessCheck> checks;
  private final List<ReadinessCheck> warnings;

  public HealthRoutes(WorkerExecutor blocking, List<ReadinessCheck> checks) {
    this(blocking, checks, List.of());
  }

  /**
   * @param warnings asked like the checks, but a problem is only listed, never makes it unready
   */
  public HealthRoutes(
      WorkerExecutor blocking, List<ReadinessCheck> checks, List<ReadinessCheck> warnings) {
    this.blocking = blocking;
    this.checks = List.copyOf(checks);
    this.warnings = List.copyOf(warnings);
  }

  public void mount(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
  }

  private void live(RoutingContext ctx) {
    send(ctx, true, new JsonObject(), null);
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
                    new JsonObject());
                return;
              }
              send(
                  ctx,
                  r.result().getBoolean("up"),
                  r.result().getJsonObject("checks"),
                  r.result().getJsonObject("warnings"));
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

  /** {@code warnings} null leaves them out (liveness). */
  private static void send(RoutingContext ctx, boolean up, JsonObject checks, JsonObject warnings) {
    JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks);
    if (warnings != null) {
      body.put("warnings", warnings);
    }
    ctx.response()
        .setStatusCode(up ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
