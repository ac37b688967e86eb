package org.yizhan.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The 15-minute sums of one batch's trusted readings, computed by the writer from the rows it
 * inserted, and stored as one pending row (see {@link RollupSql}). Values are summed as the
 * database stores them: temperatures and humidities as 4-byte floats, times to the microsecond, so
 * the sums equal what SQL over the stored rows gives. One writer thread; not thread-safe.
 */
public final class RollupDelta {

  private static final String INSERT =
      "INSERT INTO rollup_pending ("
          + RollupSql.PENDING_COLUMNS
          + ") VALUES (?, ?::timestamptz[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private record Key(String station, long bucketSecond) {}

  private static final class Sums {
    long readings;
    long occN;
    long occSum;
    Integer occMax;
    long tempN;
    double tempSum;
    Float tempMin;
    Float tempMax;
    long humN;
    double humSum;
  }

  private final Map<Key, Sums> sums = new HashMap<>();

  /** Adds one stored reading; a flagged one ({@code flags != 0}) is left out. */
  public void add(
      String station,
      Instant time,
      Integer occupancy,
      Double temperature,
      Double humidity,
      int flags) {
    if (flags != 0) {
      return;
    }
    Float t = temperature == null ? null : (float) temperature.doubleValue();
    Float h = humidity == null ? null : (float) humidity.doubleValue();
    addStored(station, storedSecond(time), occupancy, t, h);
  }

  /**
   * Adds the rows of {@code INSERT ... RETURNING station_id, time, occupancy, temperature_c,
   * humidity_pct, flags}; answers how many rows there were.
   */
  public long addReturned(ResultSet rs) throws SQLException {
    long n = 0;
    while (rs.next()) {
      n++;
      rs.getShort(6);
      if (!rs.wasNull()) {
        continue;
      }
      int occ = rs.getInt(3);
      Integer occupancy = rs.wasNull() ? null : occ;
      float t = rs.getFloat(4);
      Float temperature = rs.wasNull() ? null : t;
      float h = rs.getFloat(5);
      Float humidity = rs.wasNull() ? null : h;
      Instant at = rs.getTimestamp(2).toInstant();
      addStored(rs.getString(1), storedSecond(at), occupancy, temperature, humidity);
    }
    return n;
  }

  private void addStored(
      String station, long second, Integer occupancy, Float temperature, Float humidity) {
    Sums s =
        sums.computeIfAbsent(new Key(station, Rollup.M15.floorSecond(second)), k -> new Sums());
    s.readings++;
    if (occupancy != null) {
      s.occN++;
      s.occSum += occupancy;
      s.occMax = s.occMax == null ? occupancy : Math.max(s.occMax, occupancy);
    }
    if (temperature != null) {
      s.tempN++;
      s.tempSum += temperature;
      s.tempMin = s.tempMin == null ? temperature : Math.min(s.tempMin, temperature);
      s.tempMax = s.tempMax == null ? temperature : Math.max(s.tempMax, temperature);
    }
    if (humidity != null) {
      s.humN++;
      s.humSum += humidity;
    }
  }

  /**
   * The second PostgreSQL stores {@code t} in: it keeps microseconds, rounded half to even, so
   * 23:59:59.9999996 is stored as midnight.
   */
  static long storedSecond(Instant t) {
    long micros = (long) Math.rint(t.getNano() / 1000.0);
    return t.getEpochSecond() + (micros >= 1_000_000 ? 1 : 0);
  }

  public boolean isEmpty() {
    return sums.isEmpty();
  }

  /** Stores the sums as one pending row, in the caller's transaction; then starts empty. */
  public void insert(Connection c) throws SQLException {
    if (sums.isEmpty()) {
      return;
    }
    int n = sums.size();
    String[] station = new String[n];
    String[] bucket = new String[n];
    Long[] readings = new Long[n];
    Long[] occN = new Long[n];
    Long[] occSum = new Long[n];
    Integer[] occMax = new Integer[n];
    Long[] tempN = new Long[n];
    Double[] tempSum = new Double[n];
    Float[] tempMin = new Float[n];
    Float[] tempMax = new Float[n];
    Long[] humN = new Long[n];
    Double[] humSum = new Double[n];
    int i = 0;
    for (Map.Entry<Key, Sums> e : sums.entrySet()) {
      Sums s = e.getValue();
      station[i] = e.getKey().station();
      bucket[i] = Instant.ofEpochSecond(e.getKey().bucketSecond()).toString();
      readings[i] = s.readings;
      occN[i] = s.occN;
      occSum[i] = s.occN == 0 ? null : s.occSum;
      occMax[i] = s.occMax;
      tempN[i] = s.tempN;
      tempSum[i] = s.tempN == 0 ? null : s.tempSum;
      tempMin[i] = s.tempMin;
      tempMax[i] = s.tempMax;
      humN[i] = s.humN;
      humSum[i] = s.humN == 0 ? null : s.humSum;
      i++;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setArray(1, c.createArrayOf("text", station));
      ps.setArray(2, c.createArrayOf("text", bucket));
      ps.setArray(3, c.createArrayOf("int8", readings));
      ps.setArray(4, c.createArrayOf("int8", occN));
      ps.setArray(5, c.createArrayOf("int8", occSum));
      ps.setArray(6, c.createArrayOf("int4", occMax));
      ps.setArray(7, c.createArrayOf("int8", tempN));
      ps.setArray(8, c.createArrayOf("float8", tempSum));
      ps.setArray(9, c.createArrayOf("float4", tempMin));
      ps.setArray(10, c.createArrayOf("float4", tempMax));
      ps.setArray(11, c.createArrayOf("int8", humN));
      ps.setArray(12, c.createArrayOf("float8", humSum));
      ps.executeUpdate();
    }
    sums.clear();
  }

  /** Forgets the sums (the transaction they were for rolled back). */
  public void clear() {
    sums.clear();
  }
}
