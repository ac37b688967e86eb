package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.yizhan.alert.AlertBook;
import org.yizhan.error.ErrorCode;
import org.yizhan.error.ProblemException;

/** Admins list alerts and acknowledge them. */
final class AlertRoutes {

  private final AlertBook alerts;
  private final WorkerExecutor db;
  private final AdminAuth admin;

  AlertRoutes(AlertBook alerts, WorkerExecutor db, AdminAuth admin) {
    this.alerts = alerts;
    this.db = db;
    this.admin = admin;
  }

  void mount(Router router) {
    router.get("/api/v1/alerts").handler(admin::require).handler(this::list);
    router.post("/api/v1/alerts/:id/acknowledge").handler(admin::require).handler(this::ack);
  }

  private void list(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), Set.of("status", "limit"));
    String status = p.single("status");
    if (status != null && !status.equals("open") && !status.equals("resolved")) {
      throw ProblemException.invalid("status", "must be open or resolved (leave it out for all)");
    }
    int limit = p.optionalInt("limit", 100, 1, 1000);
    db.executeBlocking(() -> alerts.list(status, limit), false)
        .onFailure(ctx::fail)
        .onSuccess(ctx::json);
  }

  private void ack(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    long id = Params.pathId(ctx, "alert");
    JsonObject body = JsonBodies.object(ctx);
    for (String name : body.fieldNames()) {
      if (!name.equals("by")) {
        throw ProblemException.invalid(name, "unknown field");
      }
    }
    if (!(body.getValue("by") instanceof String by) || by.isBlank() || by.length() > 100) {
      throw ProblemException.invalid("by", "is required: who acknowledges, 1-100 characters");
    }
    String who = by.strip();
    db.executeBlocking(() -> alerts.acknowledge(id, who), false)
        .onFailure(ctx::fail)
        .onSuccess(
            done -> {
              if (done) {
                ctx.json(new JsonObject().put("id", id).put("acknowledged_by", who));
              } else {
                ctx.fail(
                    new ProblemException(
                        ErrorCode.CONFLICT, "No unacknowledged alert with id " + id));
              }
            });
  }
}
