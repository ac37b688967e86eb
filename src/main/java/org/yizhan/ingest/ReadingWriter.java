package org.yizhan.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.telemetry.Reading;
import org.yizhan.telemetry.RejectReason;

/**
 * The one thread that writes readings. Callers submit readings with a callback; the writer groups
 * whatever has queued into one transaction, commits, and only then runs the callbacks: that is
 * where a device's PUBACK is sent.
 *
 * <p>A batch is first COPYed straight into {@code reading}: the cheapest way in, about half the
 * database work of the safe path. If that hits the unique index (a redelivered reading, which MQTT
 * devices send after a lost PUBACK), the transaction is rolled back and the batch goes the safe
 * way: COPY into a per-connection staging table, then {@code INSERT ... ON CONFLICT DO NOTHING}, so
 * a redelivery is a success and never a duplicate row. Redeliveries come in bursts (a device
 * reconnecting resends its window), so after a conflict the safe way is kept for a while.
 *
 * <p>Two kinds of failure are told apart. A transient one (the database is down, restarting, out of
 * connections or disk) is retried with backoff, the same batch, until it commits: nothing is
 * acknowledged meanwhile, and the queue is bounded, so callers learn to stop acknowledging instead
 * of piling up memory; {@link #stall()} says so for readiness. A data error (the database refuses a
 * value: SQLSTATE classes 22, 23 other than the duplicate key, 54) would fail the same way for
 * ever, so the batch is split in halves until the messages it cannot store stand alone; those are
 * refused with {@link RejectReason#STORAGE_REFUSED} and everything else commits. One bad reading
 * never holds up another device's.
 *
 * <p>One class on purpose, for now: the connection, the batch buffer, the safe-path timer and the
 * statistics are confined to the writer thread, and splitting them would hand that state between
 * objects on the hot path. Issue 14 (feature modules) is where its statistics and wiring hooks move
 * out.
 */
public final class ReadingWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReadingWriter.class);

  private static final String STAGE =
      "CREATE TEMP TABLE IF NOT EXISTS reading_stage (LIKE reading) ON COMMIT DELETE ROWS";
  private static final String COPY =
      "COPY reading_stage (time, station_id, device_id, seq, occupancy, entries, exits,"
          + " temperature_c, humidity_pct, battery_pct, rssi_dbm, received_at, flags) FROM STDIN";
  private static final String MERGE =
      "INSERT INTO reading SELECT * FROM reading_stage ON CONFLICT DO NOTHING";
  private static final String COPY_DIRECT =
      "COPY reading (time, station_id, device_id, seq, occupancy, entries, exits,"
          + " temperature_c, humidity_pct, battery_pct, rssi_dbm, received_at, flags) FROM STDIN";

  /** Default for how long a batch may go without a commit before readiness reports it. */
  public static final int DEFAULT_STALL_S = 30;

  /** PostgreSQL's unique_violation. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** How long the safe path is used after a batch met a redelivered reading. */
  private static final long SAFE_AFTER_CONFLICT_NANOS = TimeUnit.SECONDS.toNanos(5);

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

  private final AtomicLong refusedReadings = new AtomicLong();

  private final DataSource ds;
  private final int maxBatch;
  private final int maxQueued;
  private final Semaphore capacity;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Consumer<List<Reading>> afterCommit;
  private final Thread thread;
  private final AtomicLong committedReadings = new AtomicLong();
  private final AtomicLong insertedReadings = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean databaseUp = true;
  private Connection connection;

  /** The batch being written, as COPY text; reused, the writer being one thread. */
  private final CopyText rows = new CopyText(1 << 20);

  private volatile LiveShare share;

  /** Judges each reading before it is stored (quality flags); identity until set. */
  private volatile UnaryOperator<Reading> judge = UnaryOperator.identity();

  private long safeUntilNanos = System.nanoTime();

  /** Batch statistics since the last log line (writer thread only). */
  private long statsSince = System.nanoTime();

  private int statsBatches;
  private long statsReadings;
  private int statsMaxBatch;
  private long statsWriteNanos;
  private long statsMaxWriteNanos;

  private static final long STATS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);
  private final AtomicLong directBatches = new AtomicLong();
  private final AtomicLong conflictedBatches = new AtomicLong();

  /**
   * @param maxQueued readings that may wait for the database before {@link #submit} refuses more
   * @param maxBatch readings written per transaction at most
   * @param afterCommit told about every committed batch (live state), on the writer thread
   */
  public ReadingWriter(
      DataSource ds, int maxQueued, int maxBatch, Consumer<List<Reading>> afterCommit) {
    this(ds, maxQueued, maxBatch, afterCommit, Duration.ofSeconds(DEFAULT_STALL_S));
  }

  /**
   * @param stallAfter how long a batch may wait for its commit before {@link #stall()} reports it
   */
  public ReadingWriter(
      DataSource ds,
      int maxQueued,
      int maxBatch,
      Consumer<List<Reading>> afterCommit,
      Duration stallAfter) {
    this.ds = ds;
    this.stallNanos = stallAfter.toNanos();
    this.maxBatch = maxBatch;
    this.maxQueued = maxQueued;
    this.capacity = new Semaphore(maxQueued);
    this.afterCommit = afterCommit;
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
   * Announces every batch to the other server instances, inside the transaction that stores it
   * (broker mode). Set before readings arrive.
   */
  public void announceWith(LiveShare liveShare) {
    this.share = liveShare;
  }

  /**
   * Judges every reading on the writer thread, in ingest order, before it is stored: the result,
   * with its quality flags, is what is stored, announced and applied to live state. Set before
   * readings arrive.
   */
  public void judgeWith(UnaryOperator<Reading> judge) {
    this.judge = judge;
  }

  /** Readings committed so far (including redeliveries that were already stored). */
  public long committedReadings() {
    return committedReadings.get();
  }

  /** Readings the database refused to store (their messages were refused). */
  public long refusedReadings() {
    return refusedReadings.get();
  }

  /** Readings that were new rows. */
  public long insertedReadings() {
    return insertedReadings.get();
  }

  /** Readings waiting for the database. */
  public int queuedReadings() {
    return maxQueued - capacity.availablePermits();
  }

  public boolean isDatabaseUp() {
    return databaseUp;
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
        writeBatch(batch);
        workingSinceNanos = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    closeConnection();
  }

  /**
   * Stores a batch: in one transaction when it can, else split until every message the database
   * refuses stands alone and is refused, while the rest commit.
   */
  private void writeBatch(List<Pending> batch) throws InterruptedException {
    UnaryOperator<Reading> j = judge;
    for (Pending p : batch) {
      List<Reading> judged = new ArrayList<>(p.readings.size());
      for (Reading r : p.readings) {
        judged.add(judged(j, r));
      }
      p.judged = judged;
    }
    ArrayDeque<List<Pending>> work = new ArrayDeque<>();
    work.push(batch);
    while (!work.isEmpty()) {
      List<Pending> group = work.pop();
      Exception refusal = writeUntilDone(group, group != batch);
      if (refusal == null) {
        workingSinceNanos = System.nanoTime();
        continue;
      }
      if (group.size() == 1) {
        refuse(group.get(0), refusal);
        continue;
      }
      int mid = group.size() / 2;
      work.push(group.subList(mid, group.size()));
      work.push(group.subList(0, mid));
    }
  }

  /**
   * Writes one group, retrying transient failures with backoff until it commits; then tells its
   * listeners. Returns null once committed, or the error when the database refuses the data.
   *
   * @param isolating the group is part of a batch that was refused
   */
  private Exception writeUntilDone(List<Pending> group, boolean isolating)
      throws InterruptedException {
    List<Reading> all = new ArrayList<>();
    for (Pending p : group) {
      all.addAll(p.judged);
    }
    int n = all.size();
    rows.clear();
    for (Reading r : all) {
      rows.append(r);
    }
    long backoffMs = 100;
    while (true) {
      try {
        long t0 = System.nanoTime();
        long inserted = write(all, isolating);
        count(n, System.nanoTime() - t0);
        if (!databaseUp) {
          LOG.info("writer: database reachable again");
          databaseUp = true;
        }
        insertedReadings.addAndGet(inserted);
        committedReadings.addAndGet(n);
        break;
      } catch (SQLException e) {
        rollbackQuietly();
        if (isDataError(e)) {
          if (isolating) {
            LOG.debug("writer: a part of {} readings refused too, splitting further", n);
            return e;
          }
          LOG.warn(
              "writer: the database refused a batch of {} readings ({} {}); isolating the"
                  + " readings it cannot store",
              n,
              e.getSQLState(),
              firstLine(e.getMessage()));
          return e;
        }
        if (databaseUp) {
          LOG.warn("writer: cannot write {} readings, will retry: {}", n, e.getMessage());
        }
        databaseUp = false;
        closeConnection();
        if (!running && Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("writer stopped while the database was unreachable");
        }
        Thread.sleep(backoffMs);
        backoffMs = Math.min(5_000, backoffMs * 2);
      } catch (RuntimeException e) {
        // Not the database's answer but the driver's or ours, on these very readings: retrying
        // would fail the same way for ever.
        LOG.error("writer: cannot encode or write a batch of {} readings", n, e);
        rollbackQuietly();
        closeConnection();
        return e;
      }
    }
    try {
      afterCommit.accept(all);
    } catch (RuntimeException e) {
      LOG.error("writer: after-commit listener failed", e);
    }
    for (Pending p : group) {
      capacity.release(p.readings.size());
      try {
        p.done.committed();
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // The connection's event loop has shut down (server stopping): the reading is stored,
        // only its PUBACK is lost, and the device's resend is stored once.
        LOG.debug("writer: commit answered after its event loop closed: {}", e.toString());
      } catch (RuntimeException e) {
        LOG.error("writer: commit callback failed", e);
      }
    }
    return null;
  }

  /** One message the database will not store: refused with the database's reason. */
  private void refuse(Pending p, Exception cause) {
    refusedReadings.addAndGet(p.readings.size());
    capacity.release(p.readings.size());
    Reading first = p.readings.get(0);
    String state = cause instanceof SQLException se ? se.getSQLState() : null;
    String detail =
        "the database refused "
            + (p.readings.size() == 1 ? "the reading" : "these " + p.readings.size() + " readings")
            + (state == null ? "" : " (SQLSTATE " + state + ")")
            + ": "
            + firstLine(cause.getMessage());
    LOG.warn("writer: refused a message of device {}: {}", first.deviceId(), detail);
    try {
      p.done.refused(RejectReason.STORAGE_REFUSED, detail);
    } catch (RuntimeException e) {
      LOG.error("writer: refusal callback failed", e);
    }
  }

  /**
   * A refusal of the data itself, which no retry can cure: data exceptions (class 22), integrity
   * violations other than a duplicate key (class 23), program limits such as an index row too large
   * (class 54). Everything else (connection, resources, operator intervention, serialization,
   * missing objects while a migration runs) is taken as transient.
   */
  static boolean isDataError(SQLException e) {
    String state = e.getSQLState();
    if (state == null || state.length() != 5) {
      return false;
    }
    return state.startsWith("22")
        || (state.startsWith("23") && !UNIQUE_VIOLATION.equals(state))
        || state.startsWith("54");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  private void rollbackQuietly() {
    if (connection != null) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // the connection is closed next if it is broken
      }
    }
  }

  /** A judge that fails must not stop storage: the reading is then stored unjudged. */
  private static Reading judged(UnaryOperator<Reading> j, Reading r) {
    try {
      return j.apply(r);
    } catch (RuntimeException e) {
      LOG.error("writer: cannot judge a reading of device {}", r.deviceId(), e);
      return r;
    }
  }

  /** Logs batch sizes and write times every 30 s of activity: what an operator tunes by. */
  private void count(int readings, long writeNanos) {
    statsBatches++;
    statsReadings += readings;
    statsMaxBatch = Math.max(statsMaxBatch, readings);
    statsWriteNanos += writeNanos;
    statsMaxWriteNanos = Math.max(statsMaxWriteNanos, writeNanos);
    long now = System.nanoTime();
    if (now - statsSince >= STATS_EVERY_NANOS) {
      double seconds = (now - statsSince) / 1e9;
      LOG.info(
          "writer: {} readings/s in {} batches ({} on average, at most {}), write {} ms on average,"
              + " at most {} ms, busy {}%",
          Math.round(statsReadings / seconds),
          statsBatches,
          statsReadings / statsBatches,
          statsMaxBatch,
          Math.round(statsWriteNanos / 1e6 / statsBatches),
          Math.round(statsMaxWriteNanos / 1e6),
          Math.round(100 * statsWriteNanos / 1e9 / seconds));
      statsSince = now;
      statsBatches = 0;
      statsReadings = 0;
      statsMaxBatch = 0;
      statsWriteNanos = 0;
      statsMaxWriteNanos = 0;
    }
  }

  /**
   * Stores the readings already encoded in {@link #rows}; returns how many were new rows.
   *
   * @param isolating part of a batch being split after a refusal: take the safe path at once
   */
  private long write(List<Reading> all, boolean isolating) throws SQLException {
    if (connection == null) {
      connection = ds.getConnection();
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement()) {
        st.execute(STAGE);
      }
      connection.commit();
    }
    PGConnection pg = connection.unwrap(PGConnection.class);
    if (!isolating && System.nanoTime() - safeUntilNanos >= 0) {
      try {
        copy(pg, COPY_DIRECT);
        announce(all);
        connection.commit();
        directBatches.incrementAndGet();
        return all.size();
      } catch (SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        connection.rollback();
        conflictedBatches.incrementAndGet();
        safeUntilNanos = System.nanoTime() + SAFE_AFTER_CONFLICT_NANOS;
      }
    }
    copy(pg, COPY);
    long inserted;
    try (Statement st = connection.createStatement()) {
      inserted = st.executeUpdate(MERGE);
    }
    announce(all);
    connection.commit();
    return inserted;
  }

  private void copy(PGConnection pg, String sql) throws SQLException {
    CopyIn in = pg.getCopyAPI().copyIn(sql);
    try {
      in.writeToCopy(rows.bytes(), 0, rows.length());
      in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  private void announce(List<Reading> all) throws SQLException {
    LiveShare s = share;
    if (s != null) {
      s.announce(connection, all);
    }
  }

  /** Batches written straight into the table, and batches that met a redelivery there. */
  public long[] directAndConflictedBatches() {
    return new long[] {directBatches.get(), conflictedBatches.get()};
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the connection is being discarded because it failed
      }
      connection = null;
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
