package org.yizhan.device;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.yizhan.telemetry.DeviceConfig;

/**
 * The configuration each device should run with, published to it retained. A device without a
 * stored configuration gets the default derived from its provisioning (its expected interval and
 * the default comfort thresholds), as version 1.
 */
public final class DeviceConfigs {

  /** Indoor temperature above which a station is too hot (an AC failure in summer), °C. */
  public static final double DEFAULT_HIGH_C = 30.0;

  /** Indoor temperature below which a station is too cold in winter, °C. */
  public static final double DEFAULT_LOW_C = 12.0;

  /** Why {@link #storable} refused a threshold. */
  public static final String STORABLE_RULE =
      "must be 0 or between 1e-37 and 1e37 in magnitude (it is stored as a 4-byte real)";

  /**
   * Whether PostgreSQL's {@code real}, which thresholds are stored as, holds this value: zero, or a
   * finite magnitude in its documented range 1e-37 to 1e37 (below it the store fails with an
   * underflow rather than rounding to zero).
   */
  public static boolean storable(double v) {
    double m = Math.abs(v);
    return v == 0 || (Double.isFinite(v) && m >= 1e-37 && m <= 1e37);
  }

  private static final String SELECT =
      "SELECT device_id, version, interval_s, temperature_high_c, temperature_low_c,"
          + " occupancy_report FROM device_config";
  private static final String UPSERT =
      "INSERT INTO device_config (device_id, version, interval_s, temperature_high_c,"
          + " temperature_low_c, occupancy_report) VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (device_id) DO UPDATE SET version = EXCLUDED.version,"
          + " interval_s = EXCLUDED.interval_s, temperature_high_c = EXCLUDED.temperature_high_c,"
          + " temperature_low_c = EXCLUDED.temperature_low_c,"
          + " occupancy_report = EXCLUDED.occupancy_report, updated_at = now()";

  private final DataSource ds;
  private final Map<String, DeviceConfig> stored = new ConcurrentHashMap<>();

  private DeviceConfigs(DataSource ds) {
    this.ds = ds;
  }

  public static DeviceConfigs load(DataSource ds) throws SQLException {
    DeviceConfigs c = new DeviceConfigs(ds);
    try (Connection conn = ds.getConnection();
        PreparedStatement ps = conn.prepareStatement(SELECT);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        c.stored.put(
            rs.getString(1),
            new DeviceConfig(
                rs.getInt(2),
                rs.getInt(3),
                (Double) nullableDouble(rs, 4),
                (Double) nullableDouble(rs, 5),
                DeviceConfig.OccupancyReport.valueOf(
                    rs.getString(6).toUpperCase(java.util.Locale.ROOT))));
      }
    }
    return c;
  }

  public DeviceConfig configFor(Device d) {
    DeviceConfig c = stored.get(d.id());
    return c != null
        ? c
        : new DeviceConfig(
            1,
            d.expectedIntervalS(),
            DEFAULT_HIGH_C,
            DEFAULT_LOW_C,
            DeviceConfig.OccupancyReport.PERIODIC);
  }

  /** Stores a new configuration with the next version number. Blocking. */
  public DeviceConfig update(
      Device d, int intervalS, Double highC, Double lowC, DeviceConfig.OccupancyReport report)
      throws SQLException {
    DeviceConfig next =
        new DeviceConfig(configFor(d).version() + 1, intervalS, highC, lowC, report);
    try (Connection conn = ds.getConnection();
        PreparedStatement ps = conn.prepareStatement(UPSERT)) {
      ps.setString(1, d.id());
      ps.setInt(2, next.version());
      ps.setInt(3, next.intervalS());
      setDouble(ps, 4, highC);
      setDouble(ps, 5, lowC);
      ps.setString(6, report.code());
      ps.executeUpdate();
    }
    stored.put(d.id(), next);
    return next;
  }

  private static Object nullableDouble(ResultSet rs, int i) throws SQLException {
    double v = rs.getDouble(i);
    return rs.wasNull() ? null : v;
  }

  private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.REAL);
    } else {
      ps.setDouble(i, v);
    }
  }
}
