package org.yizhan.ingest.internal;

import io.vertx.core.Vertx;

/**
 * Closes a connection that has been silent for one and a half times the keep alive the server
 * assigned. Vert.x watches the keep alive a client asks for, but not one the server sets in its
 * place (a CONNECT asking for none, or for more than the contract allows). Runs on the connection's
 * event loop; one timer per watched connection, re-armed only when it fires.
 */
final class KeepAliveWatch {

  private final Vertx vertx;
  private final long limitNanos;
  private final Runnable onSilence;
  private long lastPacketNanos = System.nanoTime();
  private long timer;
  private boolean stopped;

  private KeepAliveWatch(Vertx vertx, int keepAliveS, Runnable onSilence) {
    this.vertx = vertx;
    this.limitNanos = keepAliveS * 1_500_000_000L;
    this.onSilence = onSilence;
  }

  /** Starts watching; call on the connection's event loop. */
  static KeepAliveWatch start(Vertx vertx, int keepAliveS, Runnable onSilence) {
    KeepAliveWatch w = new KeepAliveWatch(vertx, keepAliveS, onSilence);
    w.arm(w.limitNanos);
    return w;
  }

  /** A packet arrived from the client. */
  void packet() {
    lastPacketNanos = System.nanoTime();
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  private void arm(long delayNanos) {
    timer = vertx.setTimer(Math.max(1, delayNanos / 1_000_000), id -> check());
  }

  private void check() {
    if (stopped) {
      return;
    }
    long silent = System.nanoTime() - lastPacketNanos;
    if (silent >= limitNanos) {
      stopped = true;
      onSilence.run();
    } else {
      arm(limitNanos - silent);
    }
  }
}
