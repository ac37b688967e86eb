package org.yizhan.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.db.PgListener;
import org.yizhan.live.DevicePresence.Presence;
import org.yizhan.telemetry.Reading;

/**
 * Live values across server instances (broker mode). The broker gives each reading to one instance,
 * which stores it; yet every instance's map and SSE stream must show every station's newest values.
 * So the writer announces each batch with PostgreSQL's {@code NOTIFY} inside the transaction that
 * stores it (the announcement goes out exactly when, and only if, it commits), and every instance
 * {@code LISTEN}s and applies the other instances' batches to its live state.
 *
 * <p>A device's status message (online, or offline with its last will) also reaches one instance
 * only, and is not stored: that instance announces it on the same channel, as a payload of its own
 * kind ({@code p1}) which instances older than it ignore, and the others take it into their device
 * presence, so that whichever instance watches the fleet sees a dead device go offline at once.
 *
 * <p>After losing the listening connection an instance reconnects and reloads the live state from
 * the stored readings, so announcements missed meanwhile are made up for (not status messages: see
 * docs/ingest.md).
 */
public final class LiveShare implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveShare.class);

  static final String CHANNEL = "yizhan_live";

  /** PostgreSQL refuses payloads of 8000 bytes or more. */
  static final int MAX_PAYLOAD = 7_900;

  private static final String NOTIFY =
      "SELECT pg_notify('" + CHANNEL + "', p) FROM unnest(?::text[]) AS p";
  private static final String NOTIFY_ONE = "SELECT pg_notify('" + CHANNEL + "', ?)";
  private static final String VERSION = "v1";
  private static final String STATUS = "p1";

  /** Status announcements waiting for a connection; beyond this many the newest are dropped. */
  private static final int STATUS_QUEUE = 10_000;

  private final DataSource ds;
  private final Consumer<List<Reading>> apply;
  private final Consumer<Presence> heard;
  private final Runnable resync;
  private final String instance = UUID.randomUUID().toString().substring(0, 13);
  private final ThreadPoolExecutor statusSender;
  private PgListener listener;

  /**
   * @param apply takes other instances' readings (the quality judge, then the live state)
   * @param resync reloads the live state from the database after a gap in listening
   */
  public LiveShare(DataSource ds, Consumer<List<Reading>> apply, Runnable resync) {
    this(ds, apply, p -> {}, resync);
  }

  /**
   * @param heard takes the device states other instances were told (the device presence)
   */
  public LiveShare(
      DataSource ds, Consumer<List<Reading>> apply, Consumer<Presence> heard, Runnable resync) {
    this.ds = ds;
    this.apply = apply;
    this.heard = heard;
    this.resync = resync;
    this.statusSender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(STATUS_QUEUE),
            r -> {
              Thread t = new Thread(r, "yizhan-status-share");
              t.setDaemon(true);
              return t;
            },
            (r, pool) -> LOG.warn("live share: too many device states waiting; one not shared"));
  }

  /**
   * Announces a state a device declared to this instance, soon, in the order declared; never blocks
   * (the caller is an event loop). A failure is logged: the others then learn of the device only
   * from its readings, or their absence.
   */
  public void announceStatus(Presence p) {
    String payload = encodeStatus(instance, p);
    statusSender.execute(
        () -> {
          try (Connection c = ds.getConnection();
              PreparedStatement ps = c.prepareStatement(NOTIFY_ONE)) {
            ps.setString(1, payload);
            ps.executeQuery().close();
          } catch (SQLException | RuntimeException e) {
            LOG.warn(
                "live share: the state of device {} was not shared: {}",
                p.deviceId(),
                e.getMessage());
          }
        });
  }

  /** Announces readings; called by the writer inside its transaction, before it commits. */
  public void announce(Connection c, List<Reading> readings) throws SQLException {
    List<String> payloads = encode(instance, readings);
    if (payloads.isEmpty()) {
      return;
    }
    Array array = c.createArrayOf("text", payloads.toArray());
    try (PreparedStatement ps = c.prepareStatement(NOTIFY)) {
      ps.setArray(1, array);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // one row per payload
        }
      }
    } finally {
      array.free();
    }
  }

  /** Starts listening for the other instances' announcements. */
  public void start() {
    listener = new PgListener(ds, CHANNEL, "live share", this::receive, resync::run);
    listener.start();
  }

  /** Takes one announcement heard on the channel: a device state, or readings. */
  void receive(String payload) {
    if (payload.startsWith(STATUS + "\t")) {
      decodeStatus(instance, payload).ifPresent(heard);
      return;
    }
    List<Reading> readings = decode(instance, payload);
    if (!readings.isEmpty()) {
      apply.accept(readings);
    }
  }

  /**
   * The payloads announcing {@code readings}: a header line naming the sender, then one line per
   * reading, split so that none exceeds {@link #MAX_PAYLOAD}. A line carries the entries and exits
   * counters and the backfill mark (what the other instances' quality judges need) only when the
   * reading has one of them, so a line of an occupancy or climate reading is as before.
   */
  static List<String> encode(String sender, List<Reading> readings) {
    List<String> out = new ArrayList<>();
    String header = VERSION + "\t" + sender + "\n";
    StringBuilder sb = new StringBuilder(MAX_PAYLOAD + 200).append(header);
    StringBuilder line = new StringBuilder(160);
    for (Reading r : readings) {
      line.setLength(0);
      line.append(r.stationId()).append('\t').append(r.deviceId()).append('\t').append(r.seq());
      line.append('\t').append(r.time());
      field(line, r.occupancy());
      field(line, r.temperatureC());
      field(line, r.humidityPct());
      field(line, r.batteryPct());
      field(line, r.rssiDbm());
      line.append('\t').append(r.receivedAt());
      line.append('\t').append(r.flags());
      if (r.entries() != null || r.exits() != null || r.batched()) {
        // What the other instances' quality judges need besides; absent on most lines.
        field(line, r.entries());
        field(line, r.exits());
        line.append('\t').append(r.batched() ? "b" : "");
      }
      line.append('\n');
      if (sb.length() + line.length() > MAX_PAYLOAD && sb.length() > header.length()) {
        out.add(sb.toString());
        sb.setLength(0);
        sb.append(header);
      }
      sb.append(line);
    }
    if (sb.length() > header.length()) {
      out.add(sb.toString());
    }
    return out;
  }

  /** The readings of a payload, or none if it is this instance's own or of another version. */
  static List<Reading> decode(String self, String payload) {
    int eol = payload.indexOf('\n');
    if (eol < 0) {
      return List.of();
    }
    String[] header = payload.substring(0, eol).split("\t", -1);
    if (header.length != 2 || !header[0].equals(VERSION) || header[1].equals(self)) {
      return List.of();
    }
    List<Reading> out = new ArrayList<>();
    for (String line : payload.substring(eol + 1).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      // 11 fields, or 14 with counters and the backfill mark; 10 from an instance older than
      // quality flags (its readings unjudged). More than 14: a newer instance's additions, ignored.
      if (f.length != 10 && f.length != 11 && f.length < 14) {
        LOG.warn("live share: skipping a malformed line");
        continue;
      }
      out.add(
          new Reading(
              f[0],
              f[1],
              Long.parseLong(f[2]),
              instant(f[3]),
              f[4].isEmpty() ? null : Integer.valueOf(f[4]),
              f.length >= 14 && !f[11].isEmpty() ? Long.valueOf(f[11]) : null,
              f.length >= 14 && !f[12].isEmpty() ? Long.valueOf(f[12]) : null,
              f[5].isEmpty() ? null : Double.valueOf(f[5]),
              f[6].isEmpty() ? null : Double.valueOf(f[6]),
              f[7].isEmpty() ? null : Integer.valueOf(f[7]),
              f[8].isEmpty() ? null : Integer.valueOf(f[8]),
              null,
              instant(f[9]),
              f.length >= 14 && f[13].equals("b"),
              f.length >= 11 ? Integer.parseInt(f[10]) : 0));
    }
    return out;
  }

  /**
   * The payload announcing a device's declared state: a header naming the sender (its first field
   * {@code p1}, so instances that know only readings ignore it), then one line: device id, {@code
   * on} or {@code off}, since when, the reason and the firmware (empty when unknown).
   */
  static String encodeStatus(String sender, Presence p) {
    return STATUS
        + "\t"
        + sender
        + "\n"
        + p.deviceId()
        + "\t"
        + (p.online() ? "on" : "off")
        + "\t"
        + p.since()
        + "\t"
        + plain(p.reason())
        + "\t"
        + plain(p.firmware())
        + "\n";
  }

  /** The state a status payload carries, or empty if it is this instance's own or malformed. */
  static Optional<Presence> decodeStatus(String self, String payload) {
    String[] lines = payload.split("\n");
    if (lines.length < 2) {
      return Optional.empty();
    }
    String[] header = lines[0].split("\t", -1);
    String[] f = lines[1].split("\t", -1);
    if (header.length != 2
        || !header[0].equals(STATUS)
        || header[1].equals(self)
        || f.length < 5
        || f[0].isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Presence(
              f[0],
              f[1].equals("on"),
              instant(f[2]),
              f[3].isEmpty() ? null : f[3],
              f[4].isEmpty() ? null : f[4]));
    } catch (RuntimeException e) {
      LOG.warn("live share: skipping a malformed device state");
      return Optional.empty();
    }
  }

  /** A field as one line's tab-separated field: tabs and line breaks in it become spaces. */
  private static String plain(String text) {
    return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  String instance() {
    return instance;
  }

  private static void field(StringBuilder sb, Object v) {
    sb.append('\t');
    if (v != null) {
      sb.append(v);
    }
  }

  private static Instant instant(String text) {
    return Instant.parse(text);
  }

  @Override
  public void close() {
    statusSender.shutdownNow();
    if (listener != null) {
      listener.close();
    }
  }
}
