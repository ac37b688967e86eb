package org.yizhan.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection silent for one and a half keep-alive periods is closed; packets keep it open, and a
 * stopped watch never fires. Real Vert.x timers, with a 1 s keep alive.
 */
@Timeout(30)
class KeepAliveWatchTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context loop = vertx.getOrCreateContext();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private KeepAliveWatch start(int keepAliveS, Runnable onSilence) {
    Promise<KeepAliveWatch> p = Promise.promise();
    loop.runOnContext(v -> p.complete(KeepAliveWatch.start(vertx, keepAliveS, onSilence)));
    return p.future().await();
  }

  private void onLoop(Runnable r) {
    Promise<Void> p = Promise.promise();
    loop.runOnContext(
        v -> {
          r.run();
          p.complete();
        });
    p.future().await();
  }

  @Test
  void aSilentConnectionIsClosed() throws InterruptedException {
    AtomicInteger closed = new AtomicInteger();
    CountDownLatch silent = new CountDownLatch(1);
    start(
        1,
        () -> {
          closed.incrementAndGet();
          silent.countDown();
        });

    assertThat(silent.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(closed).hasValue(1);
  }

  @Test
  void packetsKeepTheConnectionOpen() throws InterruptedException {
    AtomicInteger closed = new AtomicInteger();
    CountDownLatch silent = new CountDownLatch(1);
    KeepAliveWatch watch =
        start(
            1,
            () -> {
              closed.incrementAndGet();
              silent.countDown();
            });

    // A packet every 0.3 s for 2.4 s: never 1.5 s of silence, though past the first deadline.
    for (int i = 0; i < 8; i++) {
      Thread.sleep(300);
      onLoop(watch::packet);
    }
    assertThat(closed).as("closed while packets arrived").hasValue(0);

    // Then silence: closed after all.
    assertThat(silent.await(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aStoppedWatchNeverFires() throws InterruptedException {
    AtomicInteger closed = new AtomicInteger();
    KeepAliveWatch watch = start(1, closed::incrementAndGet);
    onLoop(watch::stop);

    Thread.sleep(2_000);
    assertThat(closed).hasValue(0);
  }
}
