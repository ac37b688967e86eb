package org.yizhan.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.yizhan.telemetry.Reading;

/**
 * Restores live state at start from the newest stored reading of every device (each measurement
 * separately, since a device may report them in different messages), so a restarted server shows
 * the same values (with their true age) instead of nothing. Devices get their last receipt time,
 * battery and signal back too, which their health is judged by.
 */
public final class LiveRebuild {

  /** Older values would be stale anyway; bounding the scan keeps start-up fast. */
  static final String WINDOW = "7 days";

  /** The latest trusted value of one column per device: flagged readings are never live. */
  private static final String LATEST =
      "SELECT DISTINCT ON (device_id) device_id, station_id, seq, time, received_at,"
          + " battery_pct, rssi_dbm, %1$s"
          + " FROM reading WHERE %1$s IS NOT NULL AND flags IS NULL AND time > now() - INTERVAL '"
          + WINDOW
          + "' ORDER BY device_id, time DESC";

  /** The latest reading of each device, flagged or not: a sign of life either way. */
  private static final String LAST_SEEN =
      "SELECT DISTINCT ON (device_id) device_id, station_id, seq, time, received_at,"
          + " battery_pct, rssi_dbm FROM reading WHERE time > now() - INTERVAL '"
          + WINDOW
          + "' ORDER BY device_id, time DESC";

  private LiveRebuild() {}

  /**
   * Loads the latest values into {@code state} at start, when no one follows the live stream yet;
   * returns how many stations have live data.
   */
  public static int load(DataSource ds, LiveState state) throws SQLException {
    reload(ds, state);
    state.drainChanged();
    return state.size();
  }

  /**
   * Folds the latest stored values into a running {@code state}, after announcements may have been
   * missed: the stations it changes stay marked as changed, so live subscribers are sent them.
   */
  public static void reload(DataSource ds, LiveState state) throws SQLException {
    List<Reading> latest = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      for (String column : List.of("occupancy", "temperature_c", "humidity_pct")) {
        try (PreparedStatement ps = c.prepareStatement(String.format(LATEST, column));
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            latest.add(reading(rs, column));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(LAST_SEEN);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          latest.add(reading(rs, null));
        }
      }
    }
    state.apply(latest);
  }

  private static Reading reading(ResultSet rs, String column) throws SQLException {
    Object v = column == null ? null : rs.getObject(column);
    Integer occupancy = "occupancy".equals(column) ? ((Number) v).intValue() : null;
    Double temperature = "temperature_c".equals(column) ? ((Number) v).doubleValue() : null;
    Double humidity = "humidity_pct".equals(column) ? ((Number) v).doubleValue() : null;
    return new Reading(
        rs.getString("station_id"),
        rs.getString("device_id"),
        rs.getLong("seq"),
        rs.getTimestamp("time").toInstant(),
        occupancy,
        null,
        null,
        temperature,
        humidity,
        rs.getObject("battery_pct", Integer.class),
        rs.getObject("rssi_dbm", Integer.class),
        null,
        rs.getTimestamp("received_at").toInstant());
  }
}
