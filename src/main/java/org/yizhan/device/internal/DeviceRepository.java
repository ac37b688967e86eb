package org.yizhan.device.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.yizhan.device.Device;
import org.yizhan.device.DeviceKind;

/** The {@code device} table. Blocking JDBC: call it from a worker thread. */
public final class DeviceRepository {

  private static final String COLUMNS =
      "id, station_id, kind, secret_salt, secret_hash, expected_interval_s, firmware, created_at,"
          + " disabled_at";
  private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM device";
  private static final String SELECT_ONE = SELECT_ALL + " WHERE id = ?";

  /**
   * Every change that decides whether a device may connect announces itself on this channel inside
   * its own statement, so the announcement goes out exactly when, and only if, the change commits.
   * The payload is {@code v1<TAB>instance<TAB>device id}.
   */
  public static final String CHANNEL = "yizhan_devices";

  private static final String ANNOUNCE =
      " SELECT d.*, pg_notify('" + CHANNEL + "', 'v1' || chr(9) || ? || chr(9) || d.id) FROM d";
  private static final String INSERT =
      "WITH d AS (INSERT INTO device"
          + " (id, station_id, kind, secret_salt, secret_hash, expected_interval_s)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING "
          + COLUMNS
          + ")"
          + ANNOUNCE;
  private static final String UPDATE_INTERVAL =
      "WITH d AS (UPDATE device SET expected_interval_s = ? WHERE id = ? RETURNING id)" + ANNOUNCE;
  private static final String UPDATE_DISABLED =
      "WITH d AS (UPDATE device SET disabled_at = CASE WHEN ? THEN coalesce(disabled_at, now()) END"
          + " WHERE id = ? RETURNING "
          + COLUMNS
          + ")"
          + ANNOUNCE;
  private static final String UPDATE_SECRET =
      "WITH d AS (UPDATE device SET secret_salt = ?, secret_hash = ? WHERE id = ? RETURNING "
          + COLUMNS
          + ")"
          + ANNOUNCE;
  private static final String UPDATE_FIRMWARE =
      "UPDATE device SET firmware = ? WHERE id = ? AND firmware IS DISTINCT FROM ?";

  /** A device row with its credential material, which never leaves the device package. */
  public record StoredDevice(Device device, byte[] salt, byte[] hash) {}

  private final DataSource ds;
  private final String instance = java.util.UUID.randomUUID().toString().substring(0, 13);

  public DeviceRepository(DataSource ds) {
    this.ds = ds;
  }

  /** This repository's name in its announcements, so that its own can be told apart. */
  public String instance() {
    return instance;
  }

  public List<StoredDevice> listAll() throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_ALL);
        ResultSet rs = ps.executeQuery()) {
      List<StoredDevice> out = new ArrayList<>();
      while (rs.next()) {
        out.add(map(rs));
      }
      return out;
    }
  }

  /** One device by id, or null. */
  public StoredDevice find(String id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? map(rs) : null;
      }
    }
  }

  /** Inserts a device; empty-handed (null) if the id is taken. */
  public StoredDevice insert(
      String id, String stationId, DeviceKind kind, byte[] salt, byte[] hash, int intervalS)
      throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, id);
      ps.setString(2, stationId);
      ps.setString(3, kind.code());
      ps.setBytes(4, salt);
      ps.setBytes(5, hash);
      ps.setInt(6, intervalS);
      ps.setString(7, instance);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? map(rs) : null;
      }
    }
  }

  public void updateExpectedInterval(String id, int intervalS) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(UPDATE_INTERVAL)) {
      ps.setInt(1, intervalS);
      ps.setString(2, id);
      ps.setString(3, instance);
      ps.execute();
    }
  }

  /**
   * Disables the device (keeping the first time it was disabled) or enables it; returns the row, or
   * null if there is no such device.
   */
  public StoredDevice updateDisabled(String id, boolean disabled) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(UPDATE_DISABLED)) {
      ps.setBoolean(1, disabled);
      ps.setString(2, id);
      ps.setString(3, instance);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? map(rs) : null;
      }
    }
  }

  /** Replaces the device's secret hash; returns the row, or null if there is no such device. */
  public StoredDevice updateSecret(String id, byte[] salt, byte[] hash) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(UPDATE_SECRET)) {
      ps.setBytes(1, salt);
      ps.setBytes(2, hash);
      ps.setString(3, id);
      ps.setString(4, instance);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? map(rs) : null;
      }
    }
  }

  public void updateFirmware(String id, String firmware) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(UPDATE_FIRMWARE)) {
      ps.setString(1, firmware);
      ps.setString(2, id);
      ps.setString(3, firmware);
      ps.executeUpdate();
    }
  }

  private static StoredDevice map(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    Device d =
        new Device(
            id,
            rs.getString("station_id"),
            DeviceKind.findByCode(rs.getString("kind"))
                .orElseThrow(() -> new SQLException("device " + id + ": unknown kind")),
            rs.getInt("expected_interval_s"),
            rs.getString("firmware"),
            instant(rs.getTimestamp("created_at")),
            instant(rs.getTimestamp("disabled_at")));
    return new StoredDevice(d, rs.getBytes("secret_salt"), rs.getBytes("secret_hash"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
