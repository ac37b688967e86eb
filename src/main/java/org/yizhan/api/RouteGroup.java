package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;

/**
 * A group of routes, mounted on each HTTP verticle with that verticle's parts. Each group is made
 * with only the services it uses ({@link ApiModule} says which).
 */
@FunctionalInterface
interface RouteGroup {

  /**
   * What a verticle lends its routes.
   *
   * @param db the shared worker pool for blocking calls (JDBC)
   * @param bodies the body handlers, by kind of route
   */
  record Kit(WorkerExecutor db, RequestBodies bodies) {}

  void mount(Router router, Kit kit);
}
