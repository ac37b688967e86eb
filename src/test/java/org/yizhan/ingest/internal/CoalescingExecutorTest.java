package org.yizhan.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Completions handed to an event loop from other threads run there, in order, none lost. */
@Timeout(30)
class CoalescingExecutorTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static io.vertx.core.Future<CoalescingExecutor> onContext(Context c) {
    io.vertx.core.Promise<CoalescingExecutor> p = io.vertx.core.Promise.promise();
    c.runOnContext(v -> p.complete(CoalescingExecutor.of(c)));
    return p.future();
  }

  @Test
  void oneContextHasOneExecutor() {
    CoalescingExecutor a = onContext(context).await();
    CoalescingExecutor b = onContext(context).await();
    CoalescingExecutor other = onContext(vertx.getOrCreateContext()).await();

    assertThat(a).isSameAs(b);
    assertThat(other).isNotSameAs(a);
  }

  @Test
  void tasksFromAnotherThreadRunOnTheContextInSubmissionOrder() throws InterruptedException {
    CoalescingExecutor executor = onContext(context).await();
    int n = 10_000;
    List<Integer> ran = new CopyOnWriteArrayList<>();
    List<Boolean> onContext = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      int id = i;
      executor.execute(
          () -> {
            onContext.add(Vertx.currentContext() == context);
            ran.add(id);
            done.countDown();
          });
    }

    assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(onContext).hasSize(n).containsOnly(true);
    assertThat(ran).isSorted().hasSize(n);
  }

  @Test
  void aFailingTaskDoesNotStopTheOthers() throws InterruptedException {
    CoalescingExecutor executor = onContext(context).await();
    CountDownLatch later = new CountDownLatch(2);
    executor.execute(later::countDown);
    executor.execute(
        () -> {
          throw new IllegalStateException("a PUBACK on a closed connection");
        });
    executor.execute(later::countDown);

    assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
    CountDownLatch afterwards = new CountDownLatch(1);
    executor.execute(afterwards::countDown);
    assertThat(afterwards.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
