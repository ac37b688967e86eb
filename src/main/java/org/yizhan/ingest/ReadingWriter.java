package org.yizhan.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.telemetry.Reading;

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
 * <p>When the database is unreachable the writer keeps retrying the same batch with backoff; the
 * queue is bounded, so callers learn to stop acknowledging instead of piling up memory.
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

  /** PostgreSQL's unique_violation. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** How long the safe path is used after a batch met a redelivered reading. */
  private static final long SAFE_AFTER_CONFLICT_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** A unit of work: readings that are acknowledged together. */
  private record Pending(List<Reading> readings, Runnable onCommitted) {}

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
    this.ds = ds;
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
   * Queues readings; {@code onCommitted} runs on the writer thread once they are durable. Returns
   * false, queuing nothing, when the queue is full.
   */
  public boolean submit(List<Reading> readings, Runnable onCommitted) {
    if (!running || !capacity.tryAcquire(readings.size())) {
      return false;
    }
    queue.add(new Pending(readings, onCommitted));
    return true;
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
        batch.clear();
        batch.add(first);
        int n = first.readings().size();
        while (n < maxBatch) {
          Pending next = queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
          n += next.readings().size();
        }
        writeUntilDone(batch, n);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    closeConnection();
  }

  private void writeUntilDone(List<Pending> batch, int n) throws InterruptedException {
    List<Reading> all = new ArrayList<>(n);
    UnaryOperator<Reading> j = judge;
    for (Pending p : batch) {
      for (Reading r : p.readings()) {
        all.add(judged(j, r));
      }
    }
    rows.clear();
    for (Reading r : all) {
      rows.append(r);
    }
    long backoffMs = 100;
    while (true) {
      try {
        long t0 = System.nanoTime();
        long inserted = write(all);
        count(n, System.nanoTime() - t0);
        if (!databaseUp) {
          LOG.info("writer: database reachable again");
          databaseUp = true;
        }
        insertedReadings.addAndGet(inserted);
        committedReadings.addAndGet(n);
        break;
      } catch (SQLException e) {
        if (databaseUp) {
          LOG.warn("writer: cannot write {} readings, will retry: {}", n, e.getMessage());
        }
        databaseUp = false;
        closeConnection();
        if (!running && Thread.currentThread().isInterrupted()) {
          return;
        }
        Thread.sleep(backoffMs);
        backoffMs = Math.min(5_000, backoffMs * 2);
      }
    }
    try {
      afterCommit.accept(all);
    } catch (RuntimeException e) {
      LOG.error("writer: after-commit listener failed", e);
    }
    for (Pending p : batch) {
      capacity.release(p.readings().size());
      try {
        p.onCommitted().run();
      } catch (RuntimeException e) {
        LOG.error("writer: commit callback failed", e);
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

  /** Stores the readings already encoded in {@link #rows}; returns how many were new rows. */
  private long write(List<Reading> all) throws SQLException {
    if (connection == null) {
      connection = ds.getConnection();
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement()) {
        st.execute(STAGE);
      }
      connection.commit();
    }
    PGConnection pg = connection.unwrap(PGConnection.class);
    if (System.nanoTime() - safeUntilNanos >= 0) {
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
