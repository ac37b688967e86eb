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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.device.DeviceHealth;
import org.yizhan.device.FleetWatch;

/**
 * Device-offline alerts with a lifecycle, raised from the fleet's changes of state: opened when a
 * device goes offline, acknowledged by an admin, resolved by itself once the device has stayed back
 * for a while. The wait before resolving is the hysteresis: a device flapping between online and
 * offline keeps one alert open instead of opening a new one every few minutes. Stored in PostgreSQL
 * with their history. Used from the fleet watch's thread.
 */
public final class AlertBook {

  private static final Logger LOG = LoggerFactory.getLogger(AlertBook.class);

  static final String DEVICE_OFFLINE = "device_offline";

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
      "SELECT id, device_id FROM alert WHERE resolved_at IS NULL AND kind = '"
          + DEVICE_OFFLINE
          + "'";

  private final DataSource ds;
  private final Duration calm;

  /** Open device alerts by device id. */
  private final Map<String, Long> openByDevice = new HashMap<>();

  /** Devices back online with an open alert, since when. */
  private final Map<String, Instant> backSince = new HashMap<>();

  /**
   * @param calm how long a device must stay back before its alert resolves (the hysteresis)
   */
  public AlertBook(DataSource ds, Duration calm) throws SQLException {
    this.ds = ds;
    this.calm = calm;
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(OPEN_ON_START);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        openByDevice.put(rs.getString(2), rs.getLong(1));
      }
    }
  }

  /** Takes one sweep's changes at {@code now}: opens, holds or resolves alerts. */
  public synchronized void onSweep(List<FleetWatch.Change> changes, Instant now) {
    try {
      for (FleetWatch.Change c : changes) {
        if (c.to() == DeviceHealth.State.OFFLINE) {
          backSince.remove(c.deviceId()); // flapping: the open alert simply stays open
          if (!openByDevice.containsKey(c.deviceId())) {
            openByDevice.put(c.deviceId(), open(c));
          }
        } else if (c.to() == DeviceHealth.State.ONLINE && openByDevice.containsKey(c.deviceId())) {
          backSince.putIfAbsent(c.deviceId(), c.at());
        } else if (c.to() == DeviceHealth.State.DISABLED
            && openByDevice.containsKey(c.deviceId())) {
          resolve(c.deviceId(), now);
        }
      }
      for (Iterator<Map.Entry<String, Instant>> it = backSince.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<String, Instant> e = it.next();
        if (!e.getValue().plus(calm).isAfter(now)) {
          it.remove();
          resolve(e.getKey(), now);
        }
      }
    } catch (SQLException e) {
      LOG.warn("alerts: cannot store, will retry on the next change: {}", e.getMessage());
    }
  }

  private long open(FleetWatch.Change c) throws SQLException {
    try (Connection conn = ds.getConnection();
        PreparedStatement ps = conn.prepareStatement(INSERT)) {
      ps.setString(1, DEVICE_OFFLINE);
      ps.setString(2, c.stationId());
      ps.setString(3, c.deviceId());
      ps.setString(4, "warning");
      ps.setTimestamp(5, Timestamp.from(c.at()));
      ps.setString(6, "device " + c.deviceId() + " went offline (was " + c.from().code() + ")");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        LOG.info("alerts: device {} at station {} is offline", c.deviceId(), c.stationId());
        return rs.getLong(1);
      }
    }
  }

  private void resolve(String deviceId, Instant now) throws SQLException {
    Long id = openByDevice.get(deviceId);
    if (id == null) {
      return;
    }
    try (Connection conn = ds.getConnection();
        PreparedStatement ps = conn.prepareStatement(RESOLVE)) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setLong(2, id);
      ps.executeUpdate();
    }
    openByDevice.remove(deviceId);
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

  /** Acknowledges an open alert; false if there is none with that id still unacknowledged. */
  public boolean acknowledge(long id, String by) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(ACK)) {
      ps.setString(1, by);
      ps.setLong(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
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
