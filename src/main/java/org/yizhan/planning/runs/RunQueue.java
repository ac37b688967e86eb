package org.yizhan.planning.runs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.error.DomainException;

/**
 * Planning runs, one at a time, on one thread of the lowest priority: a national siting run uses at
 * most one of the machine's cores, and the operating system gives the others (ingest, the nearby
 * API) the first claim. A job runs inside a fork/join pool of that one thread, so the parallel
 * streams of coverage and of the instance builder fork into it rather than into the common pool
 * (whose threads have normal priority and would take the other cores). Linux applies the priority
 * only when the JVM runs with {@code -XX:ThreadPriorityPolicy=1} (as root); the one-core limit
 * holds everywhere. At most {@code maxQueued} runs wait; one more is refused as busy. The last
 * {@code kept} ended runs stay readable (with their results) until newer ones push them out; a
 * run's result meant to last is saved by its caller as a scenario.
 *
 * <p>Watchers get each change of a run (progress at most every 100 ms, and every change of state)
 * on the run's thread or the canceller's: they must be quick and must not block.
 */
public final class RunQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

  /** Progress is told to watchers at most this often, except the change that ends a phase. */
  static final long PROGRESS_EVERY_MS = 100;

  /** A job: the work of one run, blocking its thread until done, cancelled or failed. */
  @FunctionalInterface
  public interface Job<T> {
    T run(RunControl control) throws Exception;
  }

  private final int maxQueued;
  private final int kept;
  private final Clock clock;
  private final ExecutorService worker;
  private final ForkJoinPool work;
  private final Map<String, Entry<?>> runs = new LinkedHashMap<>();

  public RunQueue(int maxQueued, int kept, Clock clock) {
    if (maxQueued < 1 || kept < 1) {
      throw new IllegalArgumentException("queue and kept runs must be positive");
    }
    this.maxQueued = maxQueued;
    this.kept = kept;
    this.clock = clock;
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "yizhan-planning");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
    // One thread at most, never a spare one for a blocked join (the predicate allows running
    // short of threads rather than failing).
    this.work =
        new ForkJoinPool(
            1,
            pool -> {
              ForkJoinWorkerThread t =
                  ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
              t.setName("yizhan-planning-work");
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            },
            null,
            false,
            0,
            1,
            1,
            pool -> true,
            60,
            TimeUnit.SECONDS);
  }

  /**
   * Queues a run; refused with {@link DomainException.Unavailable} when {@code maxQueued} runs wait
   * already.
   */
  public synchronized <T> RunView<T> submit(String kind, String name, String owner, Job<T> job) {
    long waiting = runs.values().stream().filter(e -> e.state == RunState.QUEUED).count();
    if (waiting >= maxQueued) {
      throw new DomainException.Unavailable(
          waiting + " planning runs are waiting already; try again when one has ended", 30);
    }
    Entry<T> e = new Entry<>(UUID.randomUUID().toString(), kind, name, owner, clock.instant());
    runs.put(e.id, e);
    forgetOld();
    worker.execute(() -> e.execute(job));
    return e.view();
  }

  /** A run by id, while it is kept. */
  public synchronized Optional<RunView<?>> find(String id) {
    Entry<?> e = runs.get(id);
    return e == null ? Optional.empty() : Optional.of(e.view());
  }

  /** Every kept run, newest first. */
  public synchronized List<RunView<?>> list() {
    List<RunView<?>> out = new ArrayList<>();
    for (Entry<?> e : runs.values()) {
      out.add(e.view());
    }
    out.sort(Comparator.comparing((RunView<?> v) -> v.submitted()).reversed());
    return out;
  }

  /**
   * Asks a run to stop: a queued run ends at once, a running one at its job's next check (its
   * solver is interrupted through {@link RunControl#onCancel}). An ended run stays as it ended.
   */
  public RunView<?> cancel(String id) {
    Entry<?> e;
    synchronized (this) {
      e = runs.get(id);
    }
    if (e == null) {
      throw new DomainException.NotFound("run", id);
    }
    e.cancel();
    return e.view();
  }

  /**
   * Tells {@code watcher} of every change of the run from now on, starting with how it stands;
   * returns how to stop watching.
   */
  public Runnable watch(String id, Consumer<RunView<?>> watcher) {
    Entry<?> e;
    synchronized (this) {
      e = runs.get(id);
    }
    if (e == null) {
      throw new DomainException.NotFound("run", id);
    }
    return e.watch(watcher);
  }

  private void forgetOld() {
    long ended = runs.values().stream().filter(e -> e.state.ended()).count();
    var it = runs.values().iterator();
    while (ended > kept && it.hasNext()) {
      if (it.next().state.ended()) {
        it.remove();
        ended--;
      }
    }
  }

  /** Cancels every run and stops the thread (waiting up to 10 s for the current job to end). */
  @Override
  public void close() throws InterruptedException {
    List<Entry<?>> all;
    synchronized (this) {
      all = new ArrayList<>(runs.values());
    }
    for (Entry<?> e : all) {
      e.cancel();
    }
    worker.shutdownNow();
    work.shutdownNow();
    if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
      LOG.warn("planning: a run did not stop within 10 s of shutdown");
    }
  }

  private final class Entry<T> implements RunControl {
    final String id;
    final String kind;
    final String name;
    final String owner;
    final Instant submitted;
    final List<Consumer<RunView<?>>> watchers = new CopyOnWriteArrayList<>();
    final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
    volatile RunState state = RunState.QUEUED;
    volatile boolean cancelled;
    volatile double fraction;
    volatile String phase = "queued";
    volatile Instant started;
    volatile Instant finished;
    volatile T result;
    volatile String error;
    long lastToldNanos;

    Entry(String id, String kind, String name, String owner, Instant submitted) {
      this.id = id;
      this.kind = kind;
      this.name = name;
      this.owner = owner;
      this.submitted = submitted;
    }

    RunView<T> view() {
      return new RunView<>(
          id,
          kind,
          name,
          owner,
          state,
          fraction,
          phase,
          submitted,
          Optional.ofNullable(started),
          Optional.ofNullable(finished),
          Optional.ofNullable(result),
          Optional.ofNullable(error));
    }

    void execute(Job<T> job) {
      synchronized (this) {
        if (state != RunState.QUEUED) {
          return; // cancelled while it waited
        }
        state = RunState.RUNNING;
        started = clock.instant();
        phase = "starting";
      }
      tell();
      try {
        T answer = inPool(job);
        synchronized (this) {
          result = answer;
          fraction = 1;
          phase = cancelled ? "cancelled" : "done";
          end(cancelled ? RunState.CANCELLED : RunState.DONE);
        }
      } catch (Exception | Error ex) {
        LOG.warn("planning: run {} ({}) failed: {}", id, kind, ex.toString());
        synchronized (this) {
          error = ex instanceof DomainException ? ex.getMessage() : "the run failed: " + ex;
          end(cancelled ? RunState.CANCELLED : RunState.FAILED);
        }
        if (ex instanceof Error err && !(err instanceof OutOfMemoryError)) {
          tell();
          throw err;
        }
      }
      tell();
    }

    /** Runs the job on the pool's thread and hands back its answer or its own exception. */
    private T inPool(Job<T> job) throws Exception {
      Object[] outcome = new Object[2];
      work.submit(
              () -> {
                try {
                  outcome[0] = job.run(this);
                } catch (Exception | Error ex) {
                  outcome[1] = ex;
                }
              })
          .join();
      if (outcome[1] instanceof Exception ex) {
        throw ex;
      }
      if (outcome[1] instanceof Error err) {
        throw err;
      }
      @SuppressWarnings("unchecked")
      T answer = (T) outcome[0];
      return answer;
    }

    private void end(RunState s) {
      state = s;
      finished = clock.instant();
    }

    void cancel() {
      boolean endedNow = false;
      synchronized (this) {
        if (state.ended()) {
          return;
        }
        cancelled = true;
        if (state == RunState.QUEUED) {
          phase = "cancelled";
          end(RunState.CANCELLED);
          endedNow = true;
        }
      }
      for (Runnable hook : cancelHooks) {
        hook.run();
      }
      if (endedNow) {
        tell();
      }
    }

    Runnable watch(Consumer<RunView<?>> watcher) {
      watchers.add(watcher);
      watcher.accept(view());
      return () -> watchers.remove(watcher);
    }

    private void tell() {
      RunView<T> v = view();
      for (Consumer<RunView<?>> w : watchers) {
        try {
          w.accept(v);
        } catch (RuntimeException ex) {
          LOG.warn("planning: a watcher of run {} failed: {}", id, ex.toString());
        }
      }
    }

    @Override
    public void progress(double f, String p) {
      if (!(f >= 0)) {
        return;
      }
      boolean newPhase;
      synchronized (this) {
        if (state != RunState.RUNNING) {
          return;
        }
        fraction = Math.max(fraction, Math.min(1, f));
        newPhase = !p.equals(phase);
        phase = p;
      }
      long now = System.nanoTime();
      if (newPhase || now - lastToldNanos >= PROGRESS_EVERY_MS * 1_000_000) {
        lastToldNanos = now;
        tell();
      }
    }

    @Override
    public boolean cancelled() {
      return cancelled;
    }

    @Override
    public void onCancel(Runnable hook) {
      cancelHooks.add(hook);
      if (cancelled) {
        hook.run();
      }
    }
  }
}
