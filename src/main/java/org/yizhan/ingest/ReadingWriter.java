package org.yizhan.ingest;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.telemetry.Reading;
import org.yizhan.telemetry.RejectReason;

/**
 * The one thread that writes readings. Callers submit readings with a callback; the writer groups
 * whatever has queued into one transaction, commits, and only then runs the callbacks: that is
 * where a device's PUBACK is sent.
 *
 * <p>This class is the loop: the bounded queue, the batches, the quality judgement, the callbacks
 * and the stall. How a batch gets into the database, retried while the database is down and split
 * when it refuses a value, is {@link BatchStore}'s; the counts are {@link WriterStats}'. Nothing is
 * acknowledged while the database is down, and the queue is bounded, so callers learn to stop
 * acknowledging instead of piling up memory; {@link #stall()} says so for readiness. A message the
 * database refuses for good is refused with {@link RejectReason#STORAGE_REFUSED}, alone.
 *
 * <p>Just over 300 lines: the loop's ordering rules (judge, store, acknowledge, then tell) read
 * best in one place; the storing and the counting are already out.
 */
public final class ReadingWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReadingWriter.class);

  /** Default for how long a batch may go without a commit before readiness reports it. */
  public static final int DEFAULT_STALL_S = 30;

  /** How a submitter learns what became of its readings; exactly one method is called, once. */
  public interface Completion {
    /** The readings are durable (a redelivery that was stored before counts). */
    void committed();

    /** The database refused to store these readings for good: they must not be resent as is. */
    void refused(RejectReason reason, String detail);

    /** A completion from two callbacks. */
    static Completion of(Runnable committed, BiConsumer<RejectReason, String> refused) {
      return new Completion() {
        @Override
        public void committed() {
          committed.run();
        }

        @Override
        public void refused(RejectReason reason, String detail) {
          refused.accept(reason, detail);
        }
      };
    }
  }

  /** A unit of work: readings that are acknowledged together (one device message). */
  private static final class Pending {
    final List<Reading> readings;
    final Completion done;

    /** The readings as judged, with their quality flags: what is stored. */
    List<Reading> judged;

    Pending(List<Reading> readings, Completion done) {
      this.readings = readings;
      this.done = done;
    }
  }

  /** How long a batch may go without a commit, while readings wait, before readiness says so. */
  private final long stallNanos;

  /** When the writer last took up work or made progress; 0 while it has nothing to do. */
  private volatile long workingSinceNanos;

  private final int maxBatch;
  private final int maxQueued;
  private final Semaphore capacity;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final UnaryOperator<Reading> judge;
  private final Consumer<List<Reading>> afterCommit;
  private final WriterStats stats = new WriterStats(System.nanoTime());
  private final BatchStore store;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param maxQueued readings that may wait for the database before {@link #submit} refuses more
   * @param maxBatch readings written per transaction at most
   * @param afterCommit told about every committed batch (live state), on the writer thread
   */
  public ReadingWriter(
      DataSource ds, int maxQueued, int maxBatch, Consumer<List<Reading>> afterCommit) {
    this(
        ds,
        maxQueued,
        maxBatch,
        Duration.ofSeconds(DEFAULT_STALL_S),
        WriterHooks.afterCommit(afterCommit));
  }

  /**
   * @param maxQueued readings that may wait for the database before {@link #submit} refuses more
   * @param maxBatch readings written per transaction at most
   * @param stallAfter how long a batch may wait for its commit before {@link #stall()} reports it
   * @param hooks what is done around each batch, on the writer thread
   */
  public ReadingWriter(
      DataSource ds, int maxQueued, int maxBatch, Duration stallAfter, WriterHooks hooks) {
    this.stallNanos = stallAfter.toNanos();
    this.maxBatch = maxBatch;
    this.maxQueued = maxQueued;
    this.capacity = new Semaphore(maxQueued);
    this.judge = hooks.judge();
    this.afterCommit = hooks.afterCommit();
    this.store = new BatchStore(ds, hooks.share().orElse(null), stats, () -> running);
    this.thread = new Thread(this::run, "yizhan-reading-writer");
  }

  public void start() {
    thread.start();
  }

  /**
   * Queues readings; {@code done} is told on the writer thread once they are durable, or refused by
   * the database. Returns false, queuing nothing, when the queue is full.
   */
  public boolean submit(List<Reading> readings, Completion done) {
    if (!running || !capacity.tryAcquire(readings.size())) {
      return false;
    }
    queue.add(new Pending(readings, done));
    return true;
  }

  /**
   * Why the writer cannot be relied on right now: a batch has waited longer than the stall limit
   * for its commit (the database refuses or does not answer). Empty while it keeps up.
   */
  public Optional<String> stall() {
    long since = workingSinceNanos;
    if (since == 0) {
      return Optional.empty();
    }
    long waited = System.nanoTime() - since;
    if (waited < stallNanos) {
      return Optional.empty();
    }
    return Optional.of(
        "no commit for "
            + TimeUnit.NANOSECONDS.toSeconds(waited)
            + " s while "
            + queuedReadings()
            + " readings wait");
  }

  /**
   * Whether an error refuses the data itself, which no retry can cure (see {@link
   * StorageRefusal#isDataError}); the writer splits a batch on these.
   */
  static boolean isDataError(SQLException e) {
    return StorageRefusal.isDataError(e);
  }

  /** Tells {@code o} of every committed batch from now on (metrics). */
  public void observeBatches(BatchObserver o) {
    stats.observe(o);
  }

  /** Readings committed so far (including redeliveries that were already stored). */
  public long committedReadings() {
    return stats.committedReadings();
  }

  /** Readings the database refused to store (their messages were refused). */
  public long refusedReadings() {
    return stats.refusedReadings();
  }

  /** Readings that were new rows. */
  public long insertedReadings() {
    return stats.insertedReadings();
  }

  /** Readings waiting for the database. */
  public int queuedReadings() {
    return maxQueued - capacity.availablePermits();
  }

  public boolean isDatabaseUp() {
    return store.isDatabaseUp();
  }

  /** Batches written straight into the table, and batches that met a redelivery there. */
  public long[] directAndConflictedBatches() {
    return stats.directAndConflictedBatches();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        workingSinceNanos = System.nanoTime();
        batch.clear();
        batch.add(first);
        int n = first.readings.size();
        while (n < maxBatch) {
          Pending next = queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
          n += next.readings.size();
        }
        judge(batch);
        store.store(batch, p -> p.judged, this::acknowledge, this::refuse);
        workingSinceNanos = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    store.close();
  }

  private void judge(List<Pending> batch) {
    for (Pending p : batch) {
      List<Reading> judged = new ArrayList<>(p.readings.size());
      for (Reading r : p.readings) {
        judged.add(judged(r));
      }
      p.judged = judged;
    }
  }

  /** A judge that fails must not stop storage: the reading is then stored unjudged. */
  private Reading judged(Reading r) {
    try {
      return judge.apply(r);
    } catch (RuntimeException e) {
      LOG.error("writer: cannot judge a reading of device {}", r.deviceId(), e);
      return r;
    }
  }

  /** A group is committed: live state first, then each message's PUBACK. */
  private void acknowledge(List<Pending> group, List<Reading> stored) {
    try {
      afterCommit.accept(stored);
    } catch (RuntimeException e) {
      LOG.error("writer: after-commit listener failed", e);
    }
    for (Pending p : group) {
      capacity.release(p.readings.size());
      try {
        p.done.committed();
      } catch (RejectedExecutionException e) {
        // The connection's event loop has shut down (server stopping): the reading is stored,
        // only its PUBACK is lost, and the device's resend is stored once.
        LOG.debug("writer: commit answered after its event loop closed: {}", e.toString());
      } catch (RuntimeException e) {
        LOG.error("writer: commit callback failed", e);
      }
    }
    workingSinceNanos = System.nanoTime();
  }

  /** One message the database will not store: refused with the database's reason. */
  private void refuse(Pending p, Exception cause) {
    stats.refused(p.readings.size());
    capacity.release(p.readings.size());
    String detail = StorageRefusal.detail(p.readings.size(), cause);
    LOG.warn("writer: refused a message of device {}: {}", p.readings.get(0).deviceId(), detail);
    try {
      p.done.refused(RejectReason.STORAGE_REFUSED, detail);
    } catch (RuntimeException e) {
      LOG.error("writer: refusal callback failed", e);
    }
  }

  /** Finishes what is queued (while the database answers) and stops. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      if (thread.isAlive()) {
        LOG.warn("writer: {} readings still queued at shutdown, not acknowledged", queue.size());
        thread.interrupt();
        thread.join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
