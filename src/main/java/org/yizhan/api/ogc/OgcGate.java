package org.yizhan.api.ogc;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;

/**
 * Authentication as the admin API does it, lent to the OGC routes: the same credentials (session
 * cookie or bearer token, the admin token), the same roles and station scopes, the same 401/403
 * problem answers.
 */
public interface OgcGate {

  /**
   * Authenticates a request that carries a credential, of any role, and passes an anonymous one on;
   * a credential that is not valid is refused (401) as the admin API refuses it.
   */
  Handler<RoutingContext> identify();

  /** Lets only callers with this access through: 401 when anonymous, 403 for another role. */
  Handler<RoutingContext> require(OgcCollection.Access access);

  /** After {@link #identify} or {@link #require}: whether the caller has this access. */
  boolean allows(RoutingContext ctx, OgcCollection.Access access);

  /** After {@link #require}: the station ids the caller may see; {@code null} for all. */
  Predicate<String> stationScope(RoutingContext ctx);
}
