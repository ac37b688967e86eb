package org.yizhan.alert.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps delivery outcomes in {@code alert_delivery}. Records are written by one daemon thread of
 * its own, so the notifier's event loop never waits on JDBC; if PostgreSQL is down the records are
 * lost with a warning (the counters in {@link WebhookNotifier#stats()} still show them), since a
 * delivery log must not take memory or threads from the alerts themselves.
 */
public final class JdbcDeliveryLog implements DeliveryLog, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcDeliveryLog.class);

  private static final int QUEUE = 10_000;
  private static final int MAX_ERROR_CHARS = 1_000;

  private static final String INSERT =
      "INSERT INTO alert_delivery (alert_id, target, event, status, attempts, last_error,"
          + " first_try_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String FOR_ALERT =
      "SELECT alert_id, target, event, status, attempts, last_error, first_try_at, finished_at"
          + " FROM alert_delivery WHERE alert_id = ? ORDER BY finished_at, id";

  private final DataSource ds;
  private final ExecutorService writer;
  private final AtomicLong lost = new AtomicLong();

  public JdbcDeliveryLog(DataSource ds) {
    this.ds = ds;
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "yizhan-alert-delivery-log");
              t.setDaemon(true);
              return t;
            });
  }

  /** Queues {@code r} for the writer thread; returns at once. */
  @Override
  public void record(DeliveryRecord r) {
    try {
      writer.execute(() -> write(r));
    } catch (RejectedExecutionException e) {
      LOG.warn(
          "delivery log: writer busy or closed, record lost (alert {} target {} {}); {} lost",
          r.alertId(),
          r.target(),
          r.status().code(),
          lost.incrementAndGet());
    }
  }

  /** Writes {@code r} now. Blocking. */
  void write(DeliveryRecord r) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setLong(1, r.alertId());
      ps.setString(2, r.target());
      ps.setString(3, r.event().code());
      ps.setString(4, r.status().code());
      ps.setInt(5, r.attempts());
      String error = r.lastError();
      ps.setString(
          6,
          error == null || error.length() <= MAX_ERROR_CHARS
              ? error
              : Utf8.truncate(error, MAX_ERROR_CHARS));
      setInstant(ps, 7, r.firstTryAt());
      setInstant(ps, 8, r.finishedAt());
      ps.executeUpdate();
    } catch (SQLException e) {
      LOG.warn(
          "delivery log: cannot store alert {} target {} {}: {}",
          r.alertId(),
          r.target(),
          r.status().code(),
          e.getMessage());
    }
  }

  /** What happened to an alert's notifications, oldest first. Blocking: call it off the loop. */
  public List<DeliveryRecord> forAlert(long alertId) throws SQLException {
    List<DeliveryRecord> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(FOR_ALERT)) {
      ps.setLong(1, alertId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new DeliveryRecord(
                  rs.getLong("alert_id"),
                  rs.getString("target"),
                  AlertEvent.findByCode(rs.getString("event")).orElseThrow(),
                  DeliveryStatus.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                  rs.getInt("attempts"),
                  rs.getString("last_error"),
                  instant(rs.getTimestamp("first_try_at")),
                  instant(rs.getTimestamp("finished_at"))));
        }
      }
    }
    return out;
  }

  /** Writes what is queued (for up to 10 s), then stops the writer thread. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("delivery log: {} record(s) not written at shutdown", writer.shutdownNow().size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setTimestamp(i, Timestamp.from(t));
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
