package org.yizhan.tools.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices of one event loop. One periodic timer walks them all (cheaper than a timer per device
 * at tens of thousands of readings per second), and new connections are metered by a token bucket
 * so that thousands of devices do not all connect in the same millisecond.
 */
final class Shard extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
  private static final int LOGGED_FAILURES = 5;

  /** Scratch space for the JSON of this event loop's devices. */
  final StringBuilder scratch = new StringBuilder(512);

  /** Timestamp formatter of this event loop's devices. */
  final Rfc3339 time = new Rfc3339();

  private final List<DeviceLink> links;
  private final long tickMs;
  private final double connectsPerMs;
  private final double burst;
  private double tokens;
  private long lastTickMs;
  private long timer = -1;
  private int failuresLogged;

  /**
   * @param links the devices, from now on touched only on this shard's event loop
   * @param tickMs how often the timer walks the devices
   * @param connectsPerS this shard's share of the connection rate
   */
  Shard(List<DeviceLink> links, long tickMs, double connectsPerS) {
    this.links = links;
    this.tickMs = tickMs;
    this.connectsPerMs = connectsPerS / 1000.0;
    this.burst = Math.max(1, connectsPerMs * tickMs * 2);
  }

  Vertx getVertx() {
    return vertx;
  }

  @Override
  public Future<?> start() {
    long now = System.currentTimeMillis();
    lastTickMs = now;
    tokens = 1;
    for (DeviceLink l : links) {
      l.attach(this, now);
    }
    timer = vertx.setPeriodic(tickMs, id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    long now = System.currentTimeMillis();
    tokens = Math.min(burst, tokens + Math.max(0, now - lastTickMs) * connectsPerMs);
    lastTickMs = now;
    for (DeviceLink l : links) {
      try {
        l.tick(now);
      } catch (RuntimeException e) {
        LOG.error("sim: device tick failed", e);
      }
    }
  }

  /** Takes a connection token if one is left in this tick. */
  boolean tryConnect() {
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  void connectFailed(String deviceId, Throwable cause) {
    if (failuresLogged < LOGGED_FAILURES) {
      failuresLogged++;
      LOG.warn("sim: device {} could not connect: {}", deviceId, String.valueOf(cause));
    } else {
      LOG.debug("sim: device {} could not connect: {}", deviceId, String.valueOf(cause));
    }
  }

  /** Stops taking readings; what was taken is still sent. */
  Future<Void> stopTaking() {
    return onLoop(
        () -> {
          links.forEach(DeviceLink::stopTaking);
          return null;
        });
  }

  /** Whether every device has sent everything it could. */
  Future<Boolean> drained() {
    return onLoop(() -> links.stream().allMatch(DeviceLink::drained));
  }

  /** Stops the timer and disconnects every device gracefully. */
  Future<Void> shutdown() {
    return onLoop(
            () -> {
              if (timer >= 0) {
                vertx.cancelTimer(timer);
              }
              List<Future<Void>> byes = links.stream().map(DeviceLink::shutdown).toList();
              return Future.join(byes).<Void>mapEmpty();
            })
        .compose(f -> f);
  }

  private <T> Future<T> onLoop(Supplier<T> work) {
    Promise<T> p = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            p.complete(work.get());
          } catch (RuntimeException e) {
            p.fail(e);
          }
        });
    return p.future();
  }
}
