package org.yizhan.api;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * How a route runs blocking work (JDBC, parsing a large import): on the database worker pool,
 * unordered, so the event loop never waits; a failure goes to the router's failure handler, where
 * {@link Problems} maps it once (a {@code ProblemException} to its problem+json, anything else to a
 * logged 500). Routes only add what to do with the result.
 */
final class Blocking {

  private Blocking() {}

  /** Runs {@code work} on {@code pool}; a failure fails {@code ctx}. */
  static <T> Future<T> run(WorkerExecutor pool, RoutingContext ctx, Callable<T> work) {
    return pool.<T>executeBlocking(work, false).onFailure(ctx::fail);
  }
}
