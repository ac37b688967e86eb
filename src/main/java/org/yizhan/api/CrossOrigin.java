package org.yizhan.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin access for the web pages of other sites the operator names ({@code
 * http.cors.origins}): off when the list is empty, so a browser then shares nothing across origins.
 * Each allowed origin is echoed back by name, never {@code *}, so credentials (the admin session
 * cookie) may go with it.
 */
final class CrossOrigin {

  /** Request headers a page may send: bodies, the admin token and the conditional requests. */
  private static final Set<String> ALLOWED_HEADERS =
      Set.of("Content-Type", "Authorization", "If-Match", "If-None-Match", "Last-Event-ID");

  /** Response headers a page may read besides the simple ones. */
  private static final Set<String> EXPOSED_HEADERS = Set.of("ETag", "Location", "Retry-After");

  private static final Set<HttpMethod> METHODS =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.POST,
          HttpMethod.PUT,
          HttpMethod.PATCH,
          HttpMethod.DELETE,
          HttpMethod.OPTIONS);

  private CrossOrigin() {}

  /** Mounts the CORS handler before every route, or nothing when no origin is allowed. */
  static void mount(Router router, List<String> origins) {
    if (origins.isEmpty()) {
      return;
    }
    CorsHandler cors =
        CorsHandler.create()
            .addOrigins(origins)
            .allowedMethods(METHODS)
            .allowedHeaders(ALLOWED_HEADERS)
            .exposedHeaders(EXPOSED_HEADERS)
            .allowCredentials(true)
            .maxAgeSeconds(600);
    router
        .route()
        .handler(
            ctx ->
                (sameOrigin(ctx) ? (Handler<RoutingContext>) RoutingContext::next : cors)
                    .handle(ctx))
        .failureHandler(CrossOrigin::refused);
  }

  /**
   * Whether the page calling is one of this server's own (browsers send Origin with every POST,
   * even to their own site): the origin's host and port are the request's Host, whatever the scheme
   * a proxy in front terminated.
   */
  private static boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    String host = ctx.request().getHeader("Host");
    if (origin == null || host == null) {
      return origin == null;
    }
    int scheme = origin.indexOf("://");
    return scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host.strip());
  }

  /**
   * The CORS handler refuses an origin not in the list with a bare failure (403); say so as a
   * problem rather than as an internal error. Other failures go on to the usual mapping.
   */
  private static void refused(RoutingContext ctx) {
    Throwable f = ctx.failure();
    if (ctx.statusCode() == 403
        && f != null
        && f.getMessage() != null
        && f.getMessage().startsWith("CORS Rejected")) {
      Problems.send(
          ctx,
          new ProblemException(
              ErrorCode.FORBIDDEN,
              "This origin may not call the API from a browser (see http.cors.origins)"));
      return;
    }
    ctx.next();
  }
}
