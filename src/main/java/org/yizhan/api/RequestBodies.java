package org.yizhan.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;
import java.util.regex.Pattern;
import org.yizhan.config.BodyLimits;

/**
 * Which request bodies the server reads, and how much of each. Anyone may post to log-in, log-out
 * and a station's feedback, so those read a few KB; other writes are small JSON documents behind a
 * session; only the station import reads a large body, and only after its caller has been
 * authenticated ({@link #importBody}). A body over its limit is refused with 413 from its {@code
 * Content-Length} before a byte of it is read, or as soon as a chunked body passes the limit; the
 * rest is dropped as it arrives, never buffered (see {@link Problems#send}).
 */
final class RequestBodies {

  /** The path of the one route that reads a large body. */
  static final String IMPORT_PATH = "/api/v1/stations/import";

  private static final Set<String> PUBLIC_PATHS =
      Set.of("/api/v1/auth/login", "/api/v1/auth/logout");
  private static final Pattern PUBLIC_PATTERN = Pattern.compile("/api/v1/stations/[^/]+/feedback");

  /** Planning set uploads: files as large as a station import, read after authentication. */
  static final Pattern PLANNING_UPLOAD = Pattern.compile("/api/v1/planning/sets/[^/]+/[^/]+");

  private final BodyHandler publicBody;
  private final BodyHandler adminBody;
  private final BodyHandler importBody;

  RequestBodies(BodyLimits limits) {
    this.publicBody = BodyHandler.create(false).setBodyLimit(limits.publicBytes());
    this.adminBody = BodyHandler.create(false).setBodyLimit(limits.adminBytes());
    this.importBody = BodyHandler.create(false).setBodyLimit(limits.importBytes());
  }

  /**
   * Reads the bodies of every write under {@code /api/} before the routes run, except the import's,
   * which is held back (paused) until {@link #importBody} runs after authentication.
   */
  void mount(Router router) {
    for (HttpMethod m : new HttpMethod[] {HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH}) {
      router.route(m, "/api/*").handler(this::read);
    }
  }

  /**
   * The import's body handler: place it after the handler that authenticates the caller. (Handed
   * out as a plain handler, since Vert.x Web refuses a body handler after a user handler on one
   * route, which is exactly the order wanted here; the request was paused, so nothing is lost.)
   */
  Handler<RoutingContext> importBody() {
    return importBody::handle;
  }

  private void read(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if ((ctx.request().method() == HttpMethod.POST && IMPORT_PATH.equals(path))
        || (ctx.request().method() == HttpMethod.PUT && PLANNING_UPLOAD.matcher(path).matches())) {
      // Authentication may wait for the database; hold the body in the socket meanwhile.
      ctx.request().pause();
      ctx.next();
    } else if (PUBLIC_PATHS.contains(path) || PUBLIC_PATTERN.matcher(path).matches()) {
      publicBody.handle(ctx);
    } else {
      adminBody.handle(ctx);
    }
  }
}
