package org.yizhan.ingest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.storage.Partitions;
import org.yizhan.storage.RollupDelta;
import org.yizhan.storage.RollupSql;
import org.yizhan.telemetry.Reading;

/**
 * How the reading writer gets a batch into the database: the COPY strategy, on the writer's thread
 * and its one connection.
 *
 * <p>A batch is first COPYed straight into {@code reading}: the cheapest way in, about half the
 * database work of the safe path. If that hits the unique index (a redelivered reading, which MQTT
 * devices send after a lost PUBACK), the transaction is rolled back and the batch goes the safe
 * way: COPY into a per-connection staging table, then {@code INSERT ... ON CONFLICT DO NOTHING}, so
 * a redelivery is a success and never a duplicate row. Redeliveries come in bursts (a device
 * reconnecting resends its window), so after a conflict the safe way is kept for a while.
 *
 * <p>A transient failure is retried with backoff, the same group, until it commits. A data error
 * ({@link StorageRefusal#isDataError}) would fail the same way for ever, so the batch is split in
 * halves until the messages the database cannot store stand alone; those are refused and everything
 * else commits.
 */
final class BatchStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchStore.class);

  private static final String STAGE =
      "CREATE TEMP TABLE IF NOT EXISTS reading_stage (LIKE reading) ON COMMIT DELETE ROWS";
  private static final String COPY =
      "COPY reading_stage (time, station_id, device_id, seq, occupancy, entries, exits,"
          + " temperature_c, humidity_pct, battery_pct, rssi_dbm, received_at, flags) FROM STDIN";
  private static final String MERGE =
      "INSERT INTO reading SELECT * FROM reading_stage ON CONFLICT DO NOTHING";
  private static final String MERGE_RETURNING =
      MERGE + " RETURNING station_id, time, occupancy, temperature_c, humidity_pct, flags";
  private static final String ROLLUPS_HERE =
      "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'reading_rollup_pending'"
          + " AND tgrelid = to_regclass('reading'))";
  private static final String BY_WRITER =
      "SELECT set_config('" + RollupSql.WRITER_SETTING + "', 'on', true)";
  private static final String COPY_DIRECT =
      "COPY reading (time, station_id, device_id, seq, occupancy, entries, exits,"
          + " temperature_c, humidity_pct, battery_pct, rssi_dbm, received_at, flags) FROM STDIN";

  /** How long the safe path is used after a batch met a redelivered reading. */
  private static final long SAFE_AFTER_CONFLICT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final DataSource ds;

  /** Announces each batch inside its transaction (broker mode); null when alone. */
  private final LiveShare share;

  private final WriterStats stats;

  /** False once the writer is stopping: a retry then gives up when interrupted. */
  private final BooleanSupplier running;

  private volatile boolean databaseUp = true;
  private Connection connection;

  /** The group being written, as COPY text; reused, the writer being one thread. */
  private final CopyText rows = new CopyText(1 << 20);

  private long safeUntilNanos = System.nanoTime();

  /**
   * Whether this database keeps its rollups by pending sums (plain PostgreSQL): the writer then
   * adds each batch's sums itself, in the batch's transaction. Found out per connection.
   */
  private boolean rollups;

  private final RollupDelta delta = new RollupDelta();

  BatchStore(DataSource ds, LiveShare share, WriterStats stats, BooleanSupplier running) {
    this.ds = ds;
    this.share = share;
    this.stats = stats;
    this.running = running;
  }

  boolean isDatabaseUp() {
    return databaseUp;
  }

  /**
   * Stores a batch: in one transaction when it can, else split until every message the database
   * refuses stands alone and is refused, while the rest commit.
   *
   * @param readingsOf a message's readings as they are to be stored
   * @param committed told of each group of messages once committed, with its readings as stored
   * @param refused told of each message the database will not store, with its reason
   */
  <M> void store(
      List<M> batch,
      Function<M, List<Reading>> readingsOf,
      BiConsumer<List<M>, List<Reading>> committed,
      BiConsumer<M, Exception> refused)
      throws InterruptedException {
    ArrayDeque<List<M>> work = new ArrayDeque<>();
    work.push(batch);
    while (!work.isEmpty()) {
      List<M> group = work.pop();
      List<Reading> all = new ArrayList<>();
      for (M m : group) {
        all.addAll(readingsOf.apply(m));
      }
      Exception refusal = writeUntilDone(all, group != batch);
      if (refusal == null) {
        committed.accept(group, all);
        continue;
      }
      if (group.size() == 1) {
        refused.accept(group.get(0), refusal);
        continue;
      }
      int mid = group.size() / 2;
      work.push(group.subList(mid, group.size()));
      work.push(group.subList(0, mid));
    }
  }

  /**
   * Writes one group, retrying transient failures with backoff until it commits. Returns null once
   * committed, or the error when the database refuses the data.
   *
   * @param isolating the group is part of a batch that was refused
   */
  private Exception writeUntilDone(List<Reading> all, boolean isolating)
      throws InterruptedException {
    int n = all.size();
    rows.clear();
    for (Reading r : all) {
      rows.append(r);
    }
    long backoffMs = 100;
    boolean madePartitions = false;
    while (true) {
      try {
        long t0 = System.nanoTime();
        long inserted = write(all, isolating);
        long now = System.nanoTime();
        stats.batch(n, now - t0, now).ifPresent(BatchStore::log);
        if (!databaseUp) {
          LOG.info("writer: database reachable again");
          databaseUp = true;
        }
        stats.committed(n, inserted);
        return null;
      } catch (SQLException e) {
        rollbackQuietly();
        if (!madePartitions && Partitions.missing(e)) {
          // The day partitions are made ahead of time; should a batch still find a day without
          // one (maintenance behind, the clock stepped), make it and write again, once.
          madePartitions = true;
          if (makePartitions(all)) {
            continue;
          }
        }
        if (StorageRefusal.isDataError(e)) {
          if (isolating) {
            LOG.debug("writer: a part of {} readings refused too, splitting further", n);
            return e;
          }
          LOG.warn(
              "writer: the database refused a batch of {} readings ({} {}); isolating the"
                  + " readings it cannot store",
              n,
              e.getSQLState(),
              StorageRefusal.firstLine(e.getMessage()));
          return e;
        }
        if (databaseUp) {
          LOG.warn("writer: cannot write {} readings, will retry: {}", n, e.getMessage());
        }
        databaseUp = false;
        closeConnection();
        if (!running.getAsBoolean() && Thread.currentThread().isInterrupted()) {
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
  }

  /**
   * Makes the day partitions the readings need, in a transaction of their own. Devices may send
   * readings from 7 days back to a little ahead: a wider span is not made (the readings are then
   * refused as the database's answer) so that no input can make partitions without end.
   */
  private boolean makePartitions(List<Reading> all) {
    LocalDate first = null;
    LocalDate last = null;
    for (Reading r : all) {
      LocalDate d = Partitions.dayOf(r.time());
      first = first == null || d.isBefore(first) ? d : first;
      last = last == null || d.isAfter(last) ? d : last;
    }
    if (connection == null
        || first == null
        || first.plusDays(MAX_PARTITION_SPAN_DAYS).isBefore(last)) {
      return false;
    }
    try {
      int made = Partitions.ensure(connection, first, last);
      connection.commit();
      LOG.warn("writer: made {} missing day partitions for {} to {}", made, first, last);
      return true;
    } catch (SQLException e) {
      LOG.warn("writer: cannot make day partitions for {} to {}: {}", first, last, e.getMessage());
      rollbackQuietly();
      return false;
    }
  }

  /** The widest span of days a batch may make partitions for (the accepted window, and some). */
  private static final int MAX_PARTITION_SPAN_DAYS = 14;

  private static void log(WriterStats.Summary s) {
    LOG.info(
        "writer: {} readings/s in {} batches ({} on average, at most {}), write {} ms on average,"
            + " at most {} ms, busy {}%",
        s.readingsPerSecond(),
        s.batches(),
        s.averageBatch(),
        s.maxBatch(),
        s.averageWriteMs(),
        s.maxWriteMs(),
        s.busyPercent());
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
        try (ResultSet rs = st.executeQuery(ROLLUPS_HERE)) {
          rs.next();
          rollups = rs.getBoolean(1);
        }
      }
      connection.commit();
    }
    PGConnection pg = connection.unwrap(PGConnection.class);
    if (!isolating && System.nanoTime() - safeUntilNanos >= 0) {
      try {
        byWriter();
        copy(pg, COPY_DIRECT);
        if (rollups) {
          delta.clear();
          for (Reading r : all) {
            delta.add(
                r.stationId(),
                r.time(),
                r.occupancy(),
                r.temperatureC(),
                r.humidityPct(),
                r.flags());
          }
          delta.insert(connection);
        }
        announce(all);
        connection.commit();
        stats.direct();
        return all.size();
      } catch (SQLException e) {
        if (!StorageRefusal.UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        connection.rollback();
        stats.conflicted();
        safeUntilNanos = System.nanoTime() + SAFE_AFTER_CONFLICT_NANOS;
      }
    }
    byWriter();
    copy(pg, COPY);
    long inserted;
    try (Statement st = connection.createStatement()) {
      if (rollups) {
        // Only the rows really inserted count: a redelivered reading is already summed.
        delta.clear();
        try (ResultSet rs = st.executeQuery(MERGE_RETURNING)) {
          inserted = delta.addReturned(rs);
        }
        delta.insert(connection);
      } else {
        inserted = st.executeUpdate(MERGE);
      }
    }
    announce(all);
    connection.commit();
    return inserted;
  }

  /** Tells the rollup trigger that this transaction brings its own sums. */
  private void byWriter() throws SQLException {
    if (rollups) {
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery(BY_WRITER)) {
        rs.next();
      }
    }
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
    if (share != null) {
      share.announce(connection, all);
    }
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

  /** Lets the connection go; on the writer thread, once it has stopped writing. */
  @Override
  public void close() {
    closeConnection();
  }
}
