package org.yizhan.planning.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.yizhan.error.DomainException;

/** Verifies planning runs: one at a time, progress, cancellation, failures, the bounded queue. */
class RunQueueTest {

  private final RunQueue queue = new RunQueue(2, 3, Clock.systemUTC());

  @AfterEach
  void close() throws Exception {
    queue.close();
  }

  private static RunView<?> awaitEnd(RunQueue q, String id) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> q.find(id).map(v -> v.state().ended()).orElse(true));
    return q.find(id).orElseThrow();
  }

  @Test
  void aRunAnswersItsResultWithProgressNeverGoingBack() {
    List<RunView<?>> seen = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    RunView<String> r =
        queue.submit(
            "mclp",
            "a",
            "planner",
            c -> {
              go.await(20, TimeUnit.SECONDS);
              c.progress(0.5, "greedy");
              c.progress(0.2, "greedy");
              c.progress(0.9, "bound");
              return "sites";
            });
    queue.watch(r.id(), seen::add);
    go.countDown();
    RunView<?> end = awaitEnd(queue, r.id());
    assertThat(end.state()).isEqualTo(RunState.DONE);
    assertThat(end.result().map(Object::toString)).hasValue("sites");
    assertThat(end.fraction()).isEqualTo(1.0);
    assertThat(end.started()).isPresent();
    assertThat(end.finished()).isPresent();
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.get(seen.size() - 1).state().ended());
    List<Double> fractions = seen.stream().map(RunView::fraction).toList();
    assertThat(fractions).isSorted();
    assertThat(seen.stream().map(RunView::phase)).contains("greedy", "bound", "done");
  }

  @Test
  void runsGoOneAtATimeAndAQueuedRunCancelsAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    RunView<String> first =
        queue.submit(
            "mclp",
            "first",
            "p",
            c -> {
              running.countDown();
              release.await(20, TimeUnit.SECONDS);
              return "1";
            });
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
    RunView<String> second = queue.submit("mclp", "second", "p", c -> "2");
    assertThat(queue.find(second.id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);
    assertThat(queue.cancel(second.id()).state()).isEqualTo(RunState.CANCELLED);
    release.countDown();
    assertThat(awaitEnd(queue, first.id()).state()).isEqualTo(RunState.DONE);
    assertThat(queue.find(second.id()).orElseThrow().result()).as("never ran").isEmpty();
  }

  @Test
  void aRunningJobIsStoppedThroughItsHook() {
    CountDownLatch stopped = new CountDownLatch(1);
    RunView<String> r =
        queue.submit(
            "lscp",
            "long",
            "p",
            c -> {
              c.onCancel(stopped::countDown);
              while (!c.cancelled()) {
                c.progress(0.1, "exact");
                Thread.onSpinWait();
              }
              return "best so far";
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> queue.find(r.id()).orElseThrow().state() == RunState.RUNNING);
    queue.cancel(r.id());
    RunView<?> end = awaitEnd(queue, r.id());
    assertThat(stopped.getCount()).isZero();
    assertThat(end.state()).isEqualTo(RunState.CANCELLED);
    assertThat(end.result().map(Object::toString))
        .as("what it had found is kept")
        .hasValue("best so far");
  }

  @Test
  void aRunsParallelStreamsStayOnItsOneLowPriorityThread() {
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    RunView<Integer> r =
        queue.submit(
            "coverage",
            "parallel",
            "p",
            c -> {
              // Slow elements, so that any idle pool thread would steal some of them.
              IntStream.range(0, 200)
                  .parallel()
                  .forEach(
                      i -> {
                        workers.add(Thread.currentThread());
                        LockSupport.parkNanos(1_000_000);
                      });
              return workers.size();
            });
    assertThat(awaitEnd(queue, r.id()).state()).isEqualTo(RunState.DONE);
    assertThat(workers)
        .as("threads that ran the run's parallel stream")
        .hasSize(1)
        .allSatisfy(t -> assertThat(t.getPriority()).isEqualTo(Thread.MIN_PRIORITY));
  }

  @Test
  void aFailureIsKeptWithItsReason() {
    RunView<String> r =
        queue.submit(
            "pmedian",
            "bad",
            "p",
            c -> {
              throw DomainException.InvalidInput.of("k", "must be at least 1");
            });
    RunView<?> end = awaitEnd(queue, r.id());
    assertThat(end.state()).isEqualTo(RunState.FAILED);
    assertThat(end.error()).hasValueSatisfying(e -> assertThat(e).contains("k"));
  }

  @Test
  void aFullQueueRefusesAsBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    RunQueue.Job<String> blocking =
        c -> {
          running.countDown();
          release.await(20, TimeUnit.SECONDS);
          return "";
        };
    queue.submit("mclp", "runs", "p", blocking);
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
    queue.submit("mclp", "waits 1", "p", c -> "");
    queue.submit("mclp", "waits 2", "p", c -> "");
    assertThatThrownBy(() -> queue.submit("mclp", "one too many", "p", c -> ""))
        .isInstanceOf(DomainException.Unavailable.class)
        .hasMessageContaining("2 planning runs are waiting");
    release.countDown();
  }

  @Test
  void onlyTheLastEndedRunsAreKept() {
    for (int i = 0; i < 6; i++) {
      awaitEnd(queue, queue.submit("mclp", "r" + i, "p", c -> "x").id());
    }
    queue.submit("mclp", "last", "p", c -> "x");
    assertThat(queue.list()).hasSizeLessThanOrEqualTo(4);
    assertThat(queue.list().get(0).name()).isEqualTo("last");
  }

  @Test
  void unknownRunsAreNotFound() {
    assertThatThrownBy(() -> queue.cancel("nope")).isInstanceOf(DomainException.NotFound.class);
    assertThatThrownBy(() -> queue.watch("nope", v -> {}))
        .isInstanceOf(DomainException.NotFound.class);
    assertThat(queue.find("nope")).isEmpty();
  }
}
