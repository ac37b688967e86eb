package org.yizhan.live;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;

/**
 * The last step of a reading's way to the phone: every {@code every} (50 ms by default) the
 * stations whose live values changed since the last push, among those some SSE subscriber watches,
 * are drained from the {@link LiveView} and published through the {@link LiveHub}. Changes within
 * one period reach a subscriber as one update.
 */
public final class LivePush implements AutoCloseable {

  private final Vertx vertx;
  private final long timerId;

  private LivePush(Vertx vertx, long timerId) {
    this.vertx = vertx;
    this.timerId = timerId;
  }

  /** Starts pushing on a Vert.x timer; {@link #close()} stops it. */
  public static LivePush start(
      Vertx vertx, LiveView view, LiveHub hub, Duration every, Clock clock) {
    long id =
        vertx.setPeriodic(
            every.toMillis(), t -> hub.publish(view.drainUpdates(clock.instant(), hub::watches)));
    return new LivePush(vertx, id);
  }

  @Override
  public void close() {
    vertx.cancelTimer(timerId);
  }
}
