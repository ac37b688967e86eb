package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.yizhan.error.Violation;
import org.yizhan.feedback.FeedbackKind;
import org.yizhan.feedback.FeedbackStatus;
import org.yizhan.feedback.FeedbackStore;
import org.yizhan.feedback.RateLimiter;
import org.yizhan.text.StoredText;

/**
 * Workers report a problem with a station (anonymous, rate-limited per client); admins list the
 * reports and set their status.
 */
final class FeedbackRoutes {

  /** Longest free text a report may carry, in characters. */
  static final int MAX_TEXT = 500;

  private static final Set<String> LIST_PARAMS = Set.of("status", "station_id", "limit", "offset");

  private final FeedbackStore store;
  private final RateLimiter limiter;
  private final Predicate<String> stationExists;
  private final WorkerExecutor db;
  private final AdminAuth admin;
  private final Scopes scopes;
  private final Audit audit;

  FeedbackRoutes(
      FeedbackStore store,
      RateLimiter limiter,
      Predicate<String> stationExists,
      WorkerExecutor db,
      AdminAuth admin,
      Scopes scopes,
      Audit audit) {
    this.scopes = scopes;
    this.audit = audit;
    this.store = store;
    this.limiter = limiter;
    this.stationExists = stationExists;
    this.db = db;
    this.admin = admin;
  }

  void mount(Router router) {
    router.post("/api/v1/stations/:id/feedback").handler(this::report);
    var adminOnly = admin.require(AdminAuth.Access.ADMIN);
    router.get("/api/v1/feedback").handler(adminOnly).handler(this::list);
    router.put("/api/v1/feedback/:id/status").handler(adminOnly).handler(this::setStatus);
  }

  private void report(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String stationId = ctx.pathParam("id");
    if (!stationExists.test(stationId)) {
      throw ProblemException.notFound("station", stationId);
    }
    JsonObject body = JsonBodies.object(ctx);
    List<Violation> problems = new ArrayList<>();
    for (String name : body.fieldNames()) {
      if (!name.equals("kind") && !name.equals("text")) {
        problems.add(Violation.of(name, "unknown field"));
      }
    }
    FeedbackKind kind =
        body.getValue("kind") instanceof String k ? FeedbackKind.findByCode(k).orElse(null) : null;
    if (kind == null) {
      StringBuilder kinds = new StringBuilder();
      for (FeedbackKind k : FeedbackKind.values()) {
        kinds.append(kinds.length() == 0 ? "" : ", ").append(k.code());
      }
      problems.add(Violation.of("kind", "is required, one of " + kinds));
    }
    Object rawText = body.getValue("text");
    String text = null;
    if (rawText != null) {
      if (!(rawText instanceof String t)) {
        problems.add(Violation.of("text", "must be a string"));
      } else if (t.codePointCount(0, t.length()) > MAX_TEXT) {
        problems.add(Violation.of("text", "is longer than " + MAX_TEXT + " characters"));
      } else if (StoredText.problem(t, true) != null) {
        problems.add(Violation.of("text", StoredText.problem(t, true)));
      } else if (!t.isBlank()) {
        text = t.strip();
      }
    }
    if (!problems.isEmpty()) {
      throw ProblemException.invalid(problems);
    }
    String client = ClientAddress.host(ctx);
    long waitMs = limiter.tryAcquire(client, System.currentTimeMillis());
    if (waitMs > 0) {
      long seconds = Math.max(1, (waitMs + 999) / 1000);
      ctx.response().putHeader("Retry-After", Long.toString(seconds));
      throw new ProblemException(
          ErrorCode.TOO_MANY_REQUESTS,
          "Too many reports from this client; try again in " + seconds + " s");
    }
    String stored = text;
    Blocking.run(db, ctx, () -> store.add(stationId, kind, stored))
        .onSuccess(json -> JsonBodies.created(ctx, json));
  }

  private void list(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), LIST_PARAMS);
    FeedbackStatus status = status(p.single("status"));
    String stationId = p.single("station_id");
    int limit = p.optionalInt("limit", 100, 1, 1000);
    int offset = p.optionalInt("offset", 0, 0, Integer.MAX_VALUE);
    var scope = scopes.stationIds(AdminAuth.principal(ctx));
    Blocking.run(db, ctx, () -> store.list(status, stationId, scope, limit, offset))
        .onSuccess(ctx::json);
  }

  private void setStatus(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    long id = Params.pathId(ctx, "feedback");
    JsonObject body = JsonBodies.object(ctx);
    for (String name : body.fieldNames()) {
      if (!name.equals("status")) {
        throw ProblemException.invalid(name, "unknown field");
      }
    }
    FeedbackStatus status = body.getValue("status") instanceof String s ? status(s) : null;
    if (status == null) {
      throw ProblemException.invalid(
          "status", "is required: new, acknowledged, resolved or dismissed");
    }
    var principal = AdminAuth.principal(ctx);
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              JsonObject before = store.get(id);
              if (before == null || !scopes.covers(principal, before.getString("station_id"))) {
                throw ProblemException.notFound("feedback", Long.toString(id));
              }
              JsonObject after = store.setStatus(id, status);
              who.record(
                  "feedback.status",
                  "feedback",
                  Long.toString(id),
                  before.getString("station_id"),
                  before,
                  after);
              return after;
            })
        .onSuccess(ctx::json);
  }

  private static FeedbackStatus status(String code) {
    if (code == null) {
      return null;
    }
    return FeedbackStatus.findByCode(code)
        .orElseThrow(
            () ->
                ProblemException.invalid(
                    "status", "must be new, acknowledged, resolved or dismissed"));
  }
}
