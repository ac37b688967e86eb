package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.yizhan.alert.Alert;
import org.yizhan.alert.AlertBook;
import org.yizhan.alert.notify.DeliveryRecord;
import org.yizhan.alert.notify.JdbcDeliveryLog;
import org.yizhan.alert.notify.WebhookNotifier;

/** Admins list alerts and acknowledge them. */
final class AlertRoutes {

  private final AlertBook alerts;
  private final WebhookNotifier notifier;
  private final JdbcDeliveryLog deliveries;
  private final WorkerExecutor db;
  private final AdminAuth admin;
  private final Scopes scopes;
  private final Audit audit;

  AlertRoutes(
      AlertBook alerts,
      WebhookNotifier notifier,
      JdbcDeliveryLog deliveries,
      WorkerExecutor db,
      AdminAuth admin,
      Scopes scopes,
      Audit audit) {
    this.alerts = alerts;
    this.notifier = notifier;
    this.deliveries = deliveries;
    this.db = db;
    this.admin = admin;
    this.scopes = scopes;
    this.audit = audit;
  }

  void mount(Router router) {
    var adminOnly = admin.require(AdminAuth.Access.ADMIN);
    router.get("/api/v1/alerts").handler(adminOnly).handler(this::list);
    router.post("/api/v1/alerts/:id/acknowledge").handler(adminOnly).handler(this::ack);
    router.get("/api/v1/alerts/:id/deliveries").handler(adminOnly).handler(this::deliveries);
    router
        .get("/api/v1/webhooks")
        .handler(admin.require(AdminAuth.Access.SUPER))
        .handler(this::webhooks);
  }

  /** Whether each webhook target was told of each step of one alert. */
  private void deliveries(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    long id = Params.pathId(ctx, "alert");
    var principal = AdminAuth.principal(ctx);
    String lang = Languages.of(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              Alert alert = alerts.get(id).orElse(null);
              if (alert == null || !scopes.covers(principal, alert.stationId())) {
                throw ProblemException.notFound("alert", Long.toString(id));
              }
              JsonArray out = new JsonArray();
              for (DeliveryRecord r : deliveries.forAlert(id)) {
                out.add(r.toJson());
              }
              return new JsonObject()
                  .put("alert", AlertJson.of(alert, lang))
                  .put("deliveries", out);
            })
        .onSuccess(ctx::json);
  }

  /** The configured targets with their counters (the URL's host only: paths carry robot keys). */
  private void webhooks(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    ctx.json(notifier.stats());
  }

  private void list(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), Set.of("status", "limit"));
    String status = p.single("status");
    if (status != null && !status.equals("open") && !status.equals("resolved")) {
      throw ProblemException.invalid("status", "must be open or resolved (leave it out for all)");
    }
    int limit = p.optionalInt("limit", 100, 1, 1000);
    var principal = AdminAuth.principal(ctx);
    String lang = Languages.of(ctx);
    Blocking.run(
            db,
            ctx,
            () -> AlertJson.list(alerts.list(status, limit, scopes.stationIds(principal)), lang))
        .onSuccess(ctx::json);
  }

  /**
   * Acknowledges as the logged-in admin. With the admin token (a machine credential), {@code by}
   * names the person on whose behalf it acts.
   */
  private void ack(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    long id = Params.pathId(ctx, "alert");
    JsonObject body = ctx.body().length() == 0 ? new JsonObject() : JsonBodies.object(ctx);
    for (String name : body.fieldNames()) {
      if (!name.equals("by")) {
        throw ProblemException.invalid(name, "unknown field");
      }
    }
    var principal = AdminAuth.principal(ctx);
    Object rawBy = body.getValue("by");
    if (rawBy != null && (!(rawBy instanceof String by) || by.isBlank() || by.length() > 100)) {
      throw ProblemException.invalid("by", "must be 1-100 characters: who acknowledges");
    }
    String who;
    if (principal.isToken()) {
      if (rawBy == null) {
        throw ProblemException.invalid(
            "by", "is required with the admin token: who acknowledges, 1-100 characters");
      }
      who = ((String) rawBy).strip();
    } else {
      who = principal.name();
    }
    Audit.Recorder rec = audit.by(ctx);
    String lang = Languages.of(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              Alert before = alerts.get(id).orElse(null);
              if (before == null || !scopes.covers(principal, before.stationId())) {
                throw ProblemException.notFound("alert", Long.toString(id));
              }
              if (!alerts.acknowledge(id, who)) {
                throw new ProblemException(
                    ErrorCode.CONFLICT, "Alert " + id + " is already acknowledged");
              }
              Alert acked = alerts.get(id).orElse(null);
              rec.record(
                  "alert.acknowledge",
                  "alert",
                  Long.toString(id),
                  before.stationId(),
                  AlertJson.of(before),
                  acked == null ? null : AlertJson.of(acked));
              return acked == null ? null : AlertJson.of(acked, lang);
            })
        .onSuccess(ctx::json);
  }
}
