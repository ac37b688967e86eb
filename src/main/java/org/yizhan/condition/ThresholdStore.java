package org.yizhan.condition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.yizhan.error.DomainException;

/**
 * Thresholds in PostgreSQL (migration V6): the optional global row and the per-station overrides.
 * Every write returns what it replaced, for the audit log's before and after, and runs in one
 * transaction that serialises writers of the same row, so that "before" is really what was there.
 * Values are trusted (validated at the edge by {@link ThresholdJson}); the table's CHECK
 * constraints are the backstop. Blocking: call from a worker thread.
 */
public final class ThresholdStore {

  private static final String COLUMNS =
      Arrays.stream(ThresholdField.ALL).map(f -> f.code).collect(Collectors.joining(", "));
  private static final String PARAMS =
      Arrays.stream(ThresholdField.ALL).map(f -> "?").collect(Collectors.joining(", "));
  private static final String SET_ALL =
      Arrays.stream(ThresholdField.ALL)
              .map(f -> f.code + " = EXCLUDED." + f.code)
              .collect(Collectors.joining(", "))
          + ", updated_at = now(), updated_by = EXCLUDED.updated_by";

  private static final String SELECT_GLOBAL = "SELECT " + COLUMNS + " FROM threshold_global";

  /** Blocks other writers of the global row (even before it exists), not its readers. */
  private static final String LOCK_GLOBAL =
      "LOCK TABLE threshold_global IN SHARE ROW EXCLUSIVE MODE";

  private static final String UPSERT_GLOBAL =
      "INSERT INTO threshold_global (id, "
          + COLUMNS
          + ", updated_by) VALUES (true, "
          + PARAMS
          + ", ?) ON CONFLICT (id) DO UPDATE SET "
          + SET_ALL;

  private static final String SELECT_OVERRIDES =
      "SELECT station_id, " + COLUMNS + " FROM station_threshold";
  private static final String SELECT_ONE = SELECT_OVERRIDES + " WHERE station_id = ?";

  /**
   * Serialises writers of one station's overrides and checks that the station exists. NO KEY UPDATE
   * does not conflict with the key-share locks that foreign key checks take.
   */
  private static final String LOCK_STATION = "SELECT 1 FROM station WHERE id = ? FOR NO KEY UPDATE";

  private static final String UPSERT_STATION =
      "INSERT INTO station_threshold (station_id, "
          + COLUMNS
          + ", updated_by) VALUES (?, "
          + PARAMS
          + ", ?) ON CONFLICT (station_id) DO UPDATE SET "
          + SET_ALL;

  private static final String DELETE_STATION =
      "DELETE FROM station_threshold WHERE station_id = ? RETURNING station_id, " + COLUMNS;

  private final DataSource ds;

  public ThresholdStore(DataSource ds) {
    this.ds = ds;
  }

  /**
   * Everything at once, from one snapshot: the global thresholds (or the defaults) and overrides.
   */
  public ThresholdSet load() throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        return inTransaction(
            c, () -> new ThresholdSet(findGlobal(c).orElse(Thresholds.DEFAULTS), listOverrides(c)));
      } finally {
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
    }
  }

  /** The stored global thresholds; empty when none were saved (the defaults apply). */
  public Optional<Thresholds> findGlobal() throws SQLException {
    try (Connection c = ds.getConnection()) {
      return findGlobal(c);
    }
  }

  /**
   * Stores the global thresholds.
   *
   * @param by who changed them, for the record
   * @return what they replaced; empty if the defaults applied until now
   */
  public Optional<Thresholds> saveGlobal(Thresholds t, String by) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return inTransaction(
          c,
          () -> {
            try (Statement st = c.createStatement()) {
              st.execute(LOCK_GLOBAL);
            }
            Optional<Thresholds> before = findGlobal(c);
            try (PreparedStatement ps = c.prepareStatement(UPSERT_GLOBAL)) {
              int i = 1;
              for (ThresholdField f : ThresholdField.ALL) {
                bind(ps, i++, f, f.of(t));
              }
              ps.setString(i, by);
              ps.executeUpdate();
            }
            return before;
          });
    }
  }

  /** Every station's overrides, by station id. */
  public Map<String, ThresholdOverrides> listOverrides() throws SQLException {
    try (Connection c = ds.getConnection()) {
      return listOverrides(c);
    }
  }

  public Optional<ThresholdOverrides> findOverrides(String stationId) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return findOverrides(c, stationId);
    }
  }

  /**
   * Stores a station's overrides; empty overrides delete them (the station inherits everything).
   *
   * @param by who changed them, for the record
   * @return what they replaced; empty if the station had none
   * @throws DomainException.NotFound if there is no such station
   */
  public Optional<ThresholdOverrides> saveOverrides(
      String stationId, ThresholdOverrides o, String by) throws SQLException {
    if (o.isEmpty()) {
      return deleteOverrides(stationId);
    }
    try (Connection c = ds.getConnection()) {
      return inTransaction(
          c,
          () -> {
            lockStation(c, stationId);
            Optional<ThresholdOverrides> before = findOverrides(c, stationId);
            try (PreparedStatement ps = c.prepareStatement(UPSERT_STATION)) {
              ps.setString(1, stationId);
              int i = 2;
              for (ThresholdField f : ThresholdField.ALL) {
                bind(ps, i++, f, f.of(o));
              }
              ps.setString(i, by);
              ps.executeUpdate();
            }
            return before;
          });
    }
  }

  /** Removes a station's overrides; returns them, or empty if it had none. */
  public Optional<ThresholdOverrides> deleteOverrides(String stationId) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(DELETE_STATION)) {
      ps.setString(1, stationId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(overrides(rs)) : Optional.empty();
      }
    }
  }

  private static Optional<Thresholds> findGlobal(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_GLOBAL);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new Thresholds(
              rs.getDouble("too_hot_c"),
              rs.getInt("too_hot_minutes"),
              rs.getDouble("too_cold_c"),
              rs.getInt("too_cold_minutes"),
              rs.getInt("overfull_pct"),
              rs.getInt("overfull_minutes"),
              rs.getInt("open_no_data_minutes"),
              rs.getInt("closed_occupied_minutes")));
    }
  }

  private static Map<String, ThresholdOverrides> listOverrides(Connection c) throws SQLException {
    Map<String, ThresholdOverrides> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_OVERRIDES);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString("station_id"), overrides(rs));
      }
    }
    return out;
  }

  private static Optional<ThresholdOverrides> findOverrides(Connection c, String stationId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
      ps.setString(1, stationId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(overrides(rs)) : Optional.empty();
      }
    }
  }

  private static void lockStation(Connection c, String stationId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOCK_STATION)) {
      ps.setString(1, stationId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new DomainException.NotFound("station", stationId);
        }
      }
    }
  }

  private static ThresholdOverrides overrides(ResultSet rs) throws SQLException {
    return new ThresholdOverrides(
        rs.getObject("too_hot_c", Double.class),
        rs.getObject("too_hot_minutes", Integer.class),
        rs.getObject("too_cold_c", Double.class),
        rs.getObject("too_cold_minutes", Integer.class),
        rs.getObject("overfull_pct", Integer.class),
        rs.getObject("overfull_minutes", Integer.class),
        rs.getObject("open_no_data_minutes", Integer.class),
        rs.getObject("closed_occupied_minutes", Integer.class));
  }

  private static void bind(PreparedStatement ps, int i, ThresholdField f, Number v)
      throws SQLException {
    if (v == null) {
      ps.setNull(i, f.whole ? Types.INTEGER : Types.DOUBLE);
    } else if (f.whole) {
      ps.setInt(i, v.intValue());
    } else {
      ps.setDouble(i, v.doubleValue());
    }
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run();
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }
}
