package org.yizhan.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.telemetry.RejectReason;

/**
 * Counts refused device messages per reason and keeps the latest of them in {@code
 * rejected_message} for admins. Storing is best effort and bounded: a flood of garbage from one
 * device fills a fixed queue and then only the counters move, so it can never slow down good
 * devices.
 */
public final class RejectionLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);
  private static final int PAYLOAD_EXCERPT = 512;
  private static final String INSERT =
      "INSERT INTO rejected_message (time, client_id, device_id, topic, reason, detail, payload)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String TRIM =
      "DELETE FROM rejected_message WHERE id <= (SELECT max(id) FROM rejected_message) - ?";

  /** One refused message as kept for admins. */
  public record Rejection(
      Instant time,
      String clientId,
      String deviceId,
      String topic,
      RejectReason reason,
      String detail,
      String payloadExcerpt) {}

  private final Map<RejectReason, LongAdder> counts = new EnumMap<>(RejectReason.class);
  private final BlockingQueue<Rejection> queue = new ArrayBlockingQueue<>(10_000);
  private final LongAdder dropped = new LongAdder();
  private final DataSource ds;
  private final int keep;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param keep how many rejected messages the table keeps at most
   */
  public RejectionLog(DataSource ds, int keep) {
    this.ds = ds;
    this.keep = keep;
    for (RejectReason r : RejectReason.values()) {
      counts.put(r, new LongAdder());
    }
    thread = new Thread(this::run, "yizhan-rejections");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Counts and queues one rejection; never blocks. */
  public void record(
      String clientId,
      String deviceId,
      String topic,
      RejectReason reason,
      String detail,
      byte[] payload) {
    counts.get(reason).increment();
    Rejection r =
        new Rejection(
            Instant.now(),
            clip(clientId, 128),
            deviceId,
            clip(topic, 256),
            reason,
            clip(detail, 1000),
            excerpt(payload));
    if (!queue.offer(r)) {
      dropped.increment();
    }
  }

  public long count(RejectReason reason) {
    return counts.get(reason).sum();
  }

  public Map<RejectReason, Long> counts() {
    Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private void run() {
    List<Rejection> batch = new ArrayList<>();
    long written = 0;
    while (running || !queue.isEmpty()) {
      try {
        Rejection first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, 999);
        written += store(batch);
        if (written >= 1000) {
          trim();
          written = 0;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException e) {
        dropped.add(batch.size());
        LOG.warn("rejections: could not store {}: {}", batch.size(), e.getMessage());
      }
    }
  }

  private int store(List<Rejection> batch) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (Rejection r : batch) {
        ps.setObject(1, java.sql.Timestamp.from(r.time()));
        ps.setString(2, r.clientId());
        ps.setString(3, r.deviceId());
        ps.setString(4, r.topic());
        ps.setString(5, r.reason().code());
        ps.setString(6, r.detail());
        ps.setString(7, r.payloadExcerpt());
        ps.addBatch();
      }
      ps.executeBatch();
      return batch.size();
    }
  }

  private void trim() throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(TRIM)) {
      ps.setLong(1, keep);
      ps.executeUpdate();
    }
  }

  /** The latest kept rejections, newest first. */
  public List<Rejection> latest(int limit) throws SQLException {
    return latest(limit, null);
  }

  /** The latest kept rejections of these devices (null: of any, including unknown ones). */
  public List<Rejection> latest(int limit, java.util.Collection<String> deviceIds)
      throws SQLException {
    try (Connection c = ds.getConnection();
        var st =
            c.prepareStatement(
                "SELECT time, client_id, device_id, topic, reason, detail, payload"
                    + " FROM rejected_message"
                    + (deviceIds == null ? "" : " WHERE device_id = ANY(?)")
                    + " ORDER BY id DESC LIMIT "
                    + Math.max(1, Math.min(limit, 1000)))) {
      if (deviceIds != null) {
        st.setArray(1, c.createArrayOf("text", deviceIds.toArray()));
      }
      var rs = st.executeQuery();
      List<Rejection> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new Rejection(
                rs.getTimestamp(1).toInstant(),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                RejectReason.valueOf(rs.getString(5).toUpperCase(java.util.Locale.ROOT)),
                rs.getString(6),
                rs.getString(7)));
      }
      return out;
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(3_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  /** The start of the payload as text, with invalid UTF-8 replaced, for an admin to look at. */
  private static String excerpt(byte[] payload) {
    if (payload == null) {
      return null;
    }
    int n = Math.min(payload.length, PAYLOAD_EXCERPT);
    String s = new String(payload, 0, n, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    return payload.length > n ? s + "…(" + payload.length + " bytes)" : s;
  }
}
