package org.yizhan.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.device.DeviceHealth;
import org.yizhan.device.FleetWatch;

/**
 * Alerts with a lifecycle: opened when a condition starts (a device goes offline, a station is too
 * hot, a sensor lies), acknowledged by an admin, resolved by itself once the condition has stayed
 * clear for a while. That wait is the hysteresis: a subject flapping in and out of a condition
 * keeps one alert open instead of opening a new one every few minutes. One open alert per kind and
 * subject (the device, or the station for station conditions). Stored in PostgreSQL with their
 * history; listeners (webhook notifications) hear of every opening, acknowledgement and resolution
 * after it is stored.
 */
public final class AlertBook implements AlertSink {

  private static final Logger LOG = LoggerFactory.getLogger(AlertBook.class);

  static final String DEVICE_OFFLINE = "device_offline";

  /** What happened to an alert; {@code alert} is the stored alert as the API shows it. */
  public record Event(Type type, JsonObject alert) {
    public enum Type {
      OPENED,
      ACKNOWLEDGED,
      RESOLVED
    }
  }

  /**
   * A condition's state for one subject at {@code at}.
   *
   * @param deviceId the device it is about, or null for a station condition
   */
  public record Signal(
      String kind,
      String stationId,
      String deviceId,
      String severity,
      boolean active,
      Instant at,
      String detail) {}

  private static final String INSERT =
      "INSERT INTO alert (kind, station_id, device_id, severity, opened_at, detail)"
          + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
  private static final String RESOLVE = "UPDATE alert SET resolved_at = ? WHERE id = ?";
  private static final String ACK =
      "UPDATE alert SET acknowledged_at = now(), acknowledged_by = ?"
          + " WHERE id = ? AND acknowledged_at IS NULL RETURNING id";
  private static final String COLUMNS =
      "id, kind, station_id, device_id, severity, opened_at, acknowledged_at, acknowledged_by,"
          + " resolved_at, detail";
  private static final String OPEN_ON_START =
      "SELECT id, kind, station_id, device_id FROM alert WHERE resolved_at IS NULL";

  private final DataSource ds;
  private final Duration calm;
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

  /** Open alerts by {@link #key}. */
  private final Map<String, Long> open = new HashMap<>();

  /** Subjects whose condition cleared while their alert is open, since when. */
  private final Map<String, Instant> clearSince = new HashMap<>();

  /**
   * @param calm how long a condition must stay clear before its alert resolves (the hysteresis)
   */
  public AlertBook(DataSource ds, Duration calm) throws SQLException {
    this.ds = ds;
    this.calm = calm;
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(OPEN_ON_START);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        open.put(key(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getLong(1));
      }
    }
  }

  /** Hears every stored opening, acknowledgement and resolution; must not block. */
  public void addListener(Consumer<Event> listener) {
    listeners.add(listener);
  }

  private static String key(String kind, String stationId, String deviceId) {
    return kind + "|" + (deviceId != null ? "d:" + deviceId : "s:" + stationId);
  }

  /** Takes one fleet sweep's device changes at {@code now}: device-offline alerts. */
  public synchronized void onSweep(List<FleetWatch.Change> changes, Instant now) {
    List<Signal> signals = new ArrayList<>(changes.size());
    for (FleetWatch.Change c : changes) {
      if (c.to() == DeviceHealth.State.DISABLED) {
        resolveNow(key(DEVICE_OFFLINE, c.stationId(), c.deviceId()), now);
      } else if (c.to() == DeviceHealth.State.OFFLINE || c.to() == DeviceHealth.State.ONLINE) {
        signals.add(
            new Signal(
                DEVICE_OFFLINE,
                c.stationId(),
                c.deviceId(),
                "warning",
                c.to() == DeviceHealth.State.OFFLINE,
                c.at(),
                "device " + c.deviceId() + " went offline (was " + c.from().code() + ")"));
      }
    }
    apply(signals, now);
  }

  /**
   * Brings device-offline alerts in line with every device's state, once after a start: changes
   * alone cannot tell of a device that died, came back or was removed while the server was down. An
   * offline device without an alert gets one, an online device's alert starts its calm period, and
   * the alert of a disabled or deleted device resolves.
   */
  public synchronized void reconcileDevices(List<FleetWatch.DeviceState> states, Instant now) {
    Set<String> known = new HashSet<>();
    List<Signal> signals = new ArrayList<>();
    for (FleetWatch.DeviceState d : states) {
      String k = key(DEVICE_OFFLINE, d.stationId(), d.deviceId());
      known.add(k);
      if (d.state() == DeviceHealth.State.DISABLED) {
        resolveNow(k, now);
      } else if (d.state() == DeviceHealth.State.OFFLINE
          || d.state() == DeviceHealth.State.ONLINE) {
        signals.add(
            new Signal(
                DEVICE_OFFLINE,
                d.stationId(),
                d.deviceId(),
                "warning",
                d.state() == DeviceHealth.State.OFFLINE,
                now,
                "device " + d.deviceId() + " offline (found when the server started)"));
      }
    }
    for (String k : List.copyOf(open.keySet())) {
      if (k.startsWith(DEVICE_OFFLINE + "|") && !known.contains(k)) {
        resolveNow(k, now); // the device is gone
      }
    }
    apply(signals, now);
  }

  /**
   * Takes condition signals at {@code now}: opens an alert for a new active condition, holds it
   * while the condition flaps, and resolves those clear for the calm period.
   */
  @Override
  public synchronized void apply(List<Signal> signals, Instant now) {
    try {
      for (Signal s : signals) {
        String k = key(s.kind(), s.stationId(), s.deviceId());
        if (s.active()) {
          clearSince.remove(k); // flapping: the open alert simply stays open
          if (!open.containsKey(k)) {
            open.put(k, insert(s));
          }
        } else if (open.containsKey(k)) {
          clearSince.putIfAbsent(k, s.at());
        }
      }
      resolveCalm(now);
    } catch (SQLException e) {
      LOG.warn("alerts: cannot store, will retry on the next change: {}", e.getMessage());
    }
  }

  /**
   * Takes the whole state of some kinds at {@code now}: {@code active} lists every subject now in
   * one of {@code kinds}; any open alert of those kinds not listed has cleared. Unlike {@link
   * #apply}, which hears of changes only, this also resolves alerts left open by a previous run of
   * the server whose condition ended while it was down.
   */
  @Override
  public synchronized void applyState(Set<String> kinds, List<Signal> active, Instant now) {
    try {
      Set<String> seen = new HashSet<>();
      for (Signal s : active) {
        String k = key(s.kind(), s.stationId(), s.deviceId());
        seen.add(k);
        clearSince.remove(k);
        if (!open.containsKey(k)) {
          open.put(k, insert(s));
        }
      }
      for (String k : open.keySet()) {
        if (!seen.contains(k) && kinds.contains(k.substring(0, k.indexOf('|')))) {
          clearSince.putIfAbsent(k, now);
        }
      }
      resolveCalm(now);
    } catch (SQLException e) {
      LOG.warn("alerts: cannot store, will retry on the next sweep: {}", e.getMessage());
    }
  }

  /** Resolves the alerts whose condition has stayed clear for the calm period. */
  private void resolveCalm(Instant now) throws SQLException {
    for (Iterator<Map.Entry<String, Instant>> it = clearSince.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, Instant> e = it.next();
      if (!e.getValue().plus(calm).isAfter(now)) {
        it.remove();
        resolve(e.getKey(), now);
      }
    }
  }

  private void resolveNow(String key, Instant now) {
    clearSince.remove(key);
    try {
      resolve(key, now);
    } catch (SQLException e) {
      LOG.warn("alerts: cannot store, will retry on the next change: {}", e.getMessage());
    }
  }

  private long insert(Signal s) throws SQLException {
    long id;
    try (Connection conn = ds.getConnection();
        PreparedStatement ps = conn.prepareStatement(INSERT)) {
      ps.setString(1, s.kind());
      ps.setString(2, s.stationId());
      ps.setString(3, s.deviceId());
      ps.setString(4, s.severity());
      ps.setTimestamp(5, Timestamp.from(s.at()));
      ps.setString(6, s.detail());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        id = rs.getLong(1);
      }
    }
    LOG.info(
        "alerts: {} at station {} ({}): {}", s.kind(), s.stationId(), s.deviceId(), s.detail());
    tell(Event.Type.OPENED, id);
    return id;
  }

  private void resolve(String key, Instant now) throws SQLException {
    Long id = open.get(key);
    if (id == null) {
      return;
    }
    try (Connection conn = ds.getConnection();
        PreparedStatement ps = conn.prepareStatement(RESOLVE)) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setLong(2, id);
      ps.executeUpdate();
    }
    open.remove(key);
    tell(Event.Type.RESOLVED, id);
  }

  private void tell(Event.Type type, long id) {
    if (listeners.isEmpty()) {
      return;
    }
    try {
      JsonObject alert = get(id).orElse(null);
      if (alert != null) {
        for (Consumer<Event> l : listeners) {
          l.accept(new Event(type, alert));
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("alerts: cannot tell listeners about alert {}: {}", id, e.getMessage());
    }
  }

  /** Acknowledges an open alert; false if there is none with that id still unacknowledged. */
  public boolean acknowledge(long id, String by) throws SQLException {
    boolean done;
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(ACK)) {
      ps.setString(1, by);
      ps.setLong(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        done = rs.next();
      }
    }
    if (done) {
      tell(Event.Type.ACKNOWLEDGED, id);
    }
    return done;
  }

  /** One alert as admins see it, if it exists. Blocking. */
  public java.util.Optional<JsonObject> get(long id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM alert WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? java.util.Optional.of(row(rs)) : java.util.Optional.empty();
      }
    }
  }

  /**
   * Alerts newest first: {@code open} (not resolved), {@code resolved}, or all when null. Blocking.
   */
  public JsonObject list(String status, int limit) throws SQLException {
    return list(status, limit, null);
  }

  /** As {@link #list(String, int)}, only of these stations (null: of all). Blocking. */
  public JsonObject list(String status, int limit, List<String> stationIds) throws SQLException {
    String where =
        "open".equals(status)
            ? " WHERE resolved_at IS NULL"
            : "resolved".equals(status) ? " WHERE resolved_at IS NOT NULL" : " WHERE true";
    if (stationIds != null) {
      where += " AND station_id = ANY(?)";
    }
    JsonArray out = new JsonArray();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM alert"
                    + where
                    + " ORDER BY opened_at DESC, id DESC LIMIT ?")) {
      int i = 1;
      if (stationIds != null) {
        ps.setArray(i++, c.createArrayOf("text", stationIds.toArray()));
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
    }
    return new JsonObject().put("alerts", out);
  }

  private static JsonObject row(ResultSet rs) throws SQLException {
    return new JsonObject()
        .put("id", rs.getLong("id"))
        .put("kind", rs.getString("kind"))
        .put("station_id", rs.getString("station_id"))
        .put("device_id", rs.getString("device_id"))
        .put("severity", rs.getString("severity"))
        .put("opened_at", text(rs.getTimestamp("opened_at")))
        .put("acknowledged_at", text(rs.getTimestamp("acknowledged_at")))
        .put("acknowledged_by", rs.getString("acknowledged_by"))
        .put("resolved_at", text(rs.getTimestamp("resolved_at")))
        .put("detail", rs.getString("detail"));
  }

  private static String text(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }
}
