package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.yizhan.metrics.Metrics;

/**
 * {@code GET /metrics}: the Prometheus text exposition (docs/operations.md "Metrics"). Open like
 * the health routes unless {@code metrics.token} is set, then only with {@code Authorization:
 * Bearer <token>}. Not mounted when metrics are off. The scrape walks every meter, so it runs on
 * the worker pool, not on the event loop.
 */
final class MetricsRoutes {

  /** Prometheus' text format, version 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Metrics metrics;
  private final WorkerExecutor blocking;
  private final byte[] token;

  MetricsRoutes(Metrics metrics, WorkerExecutor blocking) {
    this.metrics = metrics;
    this.blocking = blocking;
    this.token = metrics.token().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  void mount(Router router) {
    if (metrics.enabled()) {
      router.get("/metrics").handler(this::scrape);
    }
  }

  private void scrape(RoutingContext ctx) {
    if (token != null && !authorized(ctx)) {
      throw new ProblemException(
          ErrorCode.UNAUTHORIZED, "Send Authorization: Bearer <metrics.token> for /metrics");
    }
    blocking
        .executeBlocking(() -> metrics.scrape().orElse(""), false)
        .onSuccess(
            text ->
                ctx.response()
                    .putHeader("Content-Type", CONTENT_TYPE)
                    .putHeader("Cache-Control", "no-store")
                    .end(text))
        .onFailure(ctx::fail);
  }

  private boolean authorized(RoutingContext ctx) {
    Optional<AdminAuth.Credential> c = AdminAuth.credential(ctx);
    return c.isPresent()
        && !c.get().fromCookie()
        && MessageDigest.isEqual(token, c.get().value().getBytes(StandardCharsets.UTF_8));
  }
}
