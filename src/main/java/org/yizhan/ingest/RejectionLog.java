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
 * devices. Every stored field is clipped and stripped of control characters (NUL, which PostgreSQL
 * text cannot hold, among them), so one record is at most about {@link #MAX_RECORD_CHARS}
 * characters; the table is trimmed both to a number of rows and to a byte budget; and a record the
 * database still refuses is dropped alone, never with the batch it came in.
 *
 * <p>Over 300 lines on purpose: the counters, the bounded queue, the cleaning of hostile fields and
 * the trimming are one budget (what a flood may cost), and apart they would each need the others'
 * limits.
 */
public final class RejectionLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);
  private static final int PAYLOAD_EXCERPT = 512;

  private static final int CLIENT_ID_CHARS = 128;
  private static final int DEVICE_ID_CHARS = 64;
  private static final int TOPIC_CHARS = 256;
  private static final int DETAIL_CHARS = 1000;

  /** Longest note a clipped field gets, such as "…(2147483647 chars)". */
  private static final int CLIP_NOTE_CHARS = 24;

  /** The most characters one stored record holds, all its fields together. */
  static final int MAX_RECORD_CHARS =
      CLIENT_ID_CHARS
          + DEVICE_ID_CHARS
          + TOPIC_CHARS
          + DETAIL_CHARS
          + PAYLOAD_EXCERPT
          + 5 * CLIP_NOTE_CHARS;

  /** Default byte budget of the table's kept text: 64 MiB. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  private static final String INSERT =
      "INSERT INTO rejected_message (time, client_id, device_id, topic, reason, detail, payload)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String TRIM =
      "DELETE FROM rejected_message WHERE id <= (SELECT max(id) FROM rejected_message) - ?";

  /**
   * Deletes the oldest rows beyond the byte budget: the newest rows are kept while their running
   * total of stored text stays within it.
   */
  private static final String TRIM_BYTES =
      "DELETE FROM rejected_message WHERE id < (SELECT min(id) FROM (SELECT id, sum("
          + "coalesce(octet_length(client_id), 0) + coalesce(octet_length(device_id), 0)"
          + " + coalesce(octet_length(topic), 0) + coalesce(octet_length(detail), 0)"
          + " + coalesce(octet_length(payload), 0) + 64) OVER (ORDER BY id DESC) AS total"
          + " FROM rejected_message) kept WHERE total <= ?)";

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
  private final long maxBytes;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param keep how many rejected messages the table keeps at most
   */
  public RejectionLog(DataSource ds, int keep) {
    this(ds, keep, DEFAULT_MAX_BYTES);
  }

  /**
   * @param keep how many rejected messages the table keeps at most
   * @param maxBytes how many bytes of text the kept messages may hold together, about
   */
  public RejectionLog(DataSource ds, int keep, long maxBytes) {
    this.ds = ds;
    this.keep = keep;
    this.maxBytes = maxBytes;
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
            clean(clientId, CLIENT_ID_CHARS),
            clean(deviceId, DEVICE_ID_CHARS),
            clean(topic, TOPIC_CHARS),
            reason,
            clean(detail, DETAIL_CHARS),
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

  /**
   * Stores a batch in one round trip; if the database refuses it, each record alone, so that a
   * record it refuses is the only one lost (and counted as dropped).
   */
  private int store(List<Rejection> batch) throws SQLException {
    try {
      insert(batch);
      return batch.size();
    } catch (SQLException e) {
      if (batch.size() == 1 || !ReadingWriter.isDataError(e)) {
        throw e;
      }
    }
    int stored = 0;
    for (Rejection r : batch) {
      try {
        insert(List.of(r));
        stored++;
      } catch (SQLException e) {
        dropped.increment();
        LOG.warn("rejections: could not store one of device {}: {}", r.deviceId(), e.getMessage());
      }
    }
    return stored;
  }

  private void insert(List<Rejection> batch) throws SQLException {
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
    }
  }

  private void trim() throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement rows = c.prepareStatement(TRIM);
        PreparedStatement bytes = c.prepareStatement(TRIM_BYTES)) {
      rows.setLong(1, keep);
      rows.executeUpdate();
      bytes.setLong(1, maxBytes);
      bytes.executeUpdate();
    }
  }

  /** Messages that were counted but could not be kept (queue full or refused by the database). */
  public long dropped() {
    return dropped.sum();
  }

  /** Trims the table to its row and byte limits now (it is also done every 1,000 records). */
  public void trimNow() throws SQLException {
    trim();
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

  /**
   * Text as kept: control characters (NUL above all, which PostgreSQL text refuses, but also
   * escapes that would garble a terminal) and unpaired surrogates replaced, then clipped to {@code
   * max} characters with an ellipsis and the original length.
   */
  static String clean(String s, int max) {
    if (s == null) {
      return null;
    }
    int n = Math.min(s.length(), max);
    StringBuilder b = new StringBuilder(n + 24);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
        if (paired) {
          b.append(c).append(s.charAt(++i));
        } else {
          b.append('\uFFFD');
        }
      } else if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        b.append('\uFFFD');
      } else {
        b.append(c);
      }
    }
    if (s.length() > max) {
      b.append("…(").append(s.length()).append(" chars)");
    }
    return b.toString();
  }

  /** The start of the payload as text, with invalid UTF-8 replaced, for an admin to look at. */
  private static String excerpt(byte[] payload) {
    if (payload == null) {
      return null;
    }
    int n = Math.min(payload.length, PAYLOAD_EXCERPT);
    String s = clean(new String(payload, 0, n, StandardCharsets.UTF_8), PAYLOAD_EXCERPT);
    return payload.length > n ? s + "…(" + payload.length + " bytes)" : s;
  }
}
