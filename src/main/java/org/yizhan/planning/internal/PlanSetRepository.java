package org.yizhan.planning.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.yizhan.error.DomainException;
import org.yizhan.planning.PlanPoints;
import org.yizhan.planning.PlanSet;
import org.yizhan.planning.PlanSetKind;
import org.yizhan.planning.PlanSetPage;
import org.yizhan.station.BoundingBox;

/**
 * The {@code plan_set} and {@code plan_point} tables. A replace is one transaction: the set's row
 * is created or updated (which locks it against a concurrent replace of the same name), its old
 * points deleted and the new ones streamed in with COPY; any failure rolls back to the old set.
 * Blocking JDBC: call it from a worker thread, never an event loop.
 */
public final class PlanSetRepository {

  private static final String SET_COLUMNS =
      "kind, name, created_at, updated_at, point_count, total_weight";

  private static final String LIST =
      "SELECT " + SET_COLUMNS + " FROM plan_set WHERE kind = ? ORDER BY name";
  private static final String FIND =
      "SELECT id, " + SET_COLUMNS + " FROM plan_set WHERE kind = ? AND name = ?";
  private static final String UPSERT =
      "INSERT INTO plan_set (kind, name, point_count, total_weight) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (kind, name) DO UPDATE SET point_count = EXCLUDED.point_count,"
          + " total_weight = EXCLUDED.total_weight, updated_at = now()"
          + " RETURNING id, "
          + SET_COLUMNS;
  private static final String DELETE_POINTS = "DELETE FROM plan_point WHERE set_id = ?";
  private static final String COPY_POINTS =
      "COPY plan_point (set_id, seq, lon, lat, weight, label, kind) FROM STDIN";
  private static final String POINTS =
      "SELECT lon, lat, weight, label, kind FROM plan_point WHERE set_id = ? ORDER BY seq";
  private static final String DELETE = "DELETE FROM plan_set WHERE kind = ? AND name = ?";
  private static final String SET_ID = "(SELECT id FROM plan_set WHERE kind = ? AND name = ?)";
  private static final String IN_BOX =
      " WHERE set_id = " + SET_ID + " AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?";
  private static final String EXTENT =
      "SELECT min(lon), min(lat), max(lon), max(lat) FROM plan_point WHERE set_id = " + SET_ID;
  private static final String COUNT_IN_BOX = "SELECT count(*) FROM plan_point" + IN_BOX;
  private static final String PAGE_IN_BOX =
      "SELECT seq, lon, lat, weight, label, kind FROM plan_point"
          + IN_BOX
          + " ORDER BY seq OFFSET ? LIMIT ?";

  private static final int COPY_BUFFER_CHARS = 1 << 16;

  private final DataSource ds;

  public PlanSetRepository(DataSource ds) {
    this.ds = ds;
  }

  /** The sets of one kind, by name. */
  public List<PlanSet> list(PlanSetKind kind) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(LIST)) {
      ps.setString(1, kind.code());
      try (ResultSet rs = ps.executeQuery()) {
        List<PlanSet> out = new ArrayList<>();
        while (rs.next()) {
          out.add(set(rs, 1));
        }
        return out;
      }
    }
  }

  public Optional<PlanSet> find(PlanSetKind kind, String name) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(FIND)) {
      ps.setString(1, kind.code());
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(set(rs, 2)) : Optional.empty();
      }
    }
  }

  /** The set with its points, in their stored order; throws {@code NotFound} when absent. */
  public PlanSet.Stored get(PlanSetKind kind, String name) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false); // a cursor, not the whole set in the driver at once
      c.setReadOnly(true);
      try {
        PlanSet set;
        long id;
        try (PreparedStatement ps = c.prepareStatement(FIND)) {
          ps.setString(1, kind.code());
          ps.setString(2, name);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new DomainException.NotFound(kind.code() + " set", name);
            }
            id = rs.getLong(1);
            set = set(rs, 2);
          }
        }
        PlanPoints points = points(c, id, set.pointCount());
        c.commit();
        return new PlanSet.Stored(set, points);
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setAutoCommit(true);
      }
    }
  }

  private static PlanPoints points(Connection c, long id, int count) throws SQLException {
    double[] lon = new double[count];
    double[] lat = new double[count];
    double[] weight = new double[count];
    String[] label = new String[count];
    String[] kind = new String[count];
    int n = 0;
    try (PreparedStatement ps = c.prepareStatement(POINTS)) {
      ps.setFetchSize(20_000);
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (n == count) {
            throw new SQLException("set " + id + " has more points than its count " + count);
          }
          lon[n] = rs.getDouble(1);
          lat[n] = rs.getDouble(2);
          weight[n] = rs.getDouble(3);
          label[n] = rs.getString(4);
          kind[n] = rs.getString(5);
          n++;
        }
      }
    }
    if (n != count) {
      throw new SQLException("set " + id + " has " + n + " points, its count says " + count);
    }
    return new PlanPoints(lat, lon, weight, label, kind);
  }

  /**
   * Creates the named set or replaces its points, atomically; returns the stored set. A set must
   * have at least one point.
   */
  public PlanSet replace(PlanSetKind kind, String name, PlanPoints points) throws SQLException {
    PlanSet.checkName(name);
    if (points.size() == 0) {
      throw DomainException.InvalidInput.of("body", "contains no points");
    }
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        long id;
        PlanSet set;
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
          ps.setString(1, kind.code());
          ps.setString(2, name);
          ps.setInt(3, points.size());
          ps.setDouble(4, points.totalWeight());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
            set = set(rs, 2);
          }
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE_POINTS)) {
          ps.setLong(1, id);
          ps.executeUpdate();
        }
        copy(c, id, points);
        c.commit();
        return set;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** Streams the points into {@code plan_point} as COPY text, a buffer at a time. */
  private static void copy(Connection c, long id, PlanPoints p) throws SQLException {
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_POINTS);
    try {
      StringBuilder sb = new StringBuilder(COPY_BUFFER_CHARS + 1024);
      for (int i = 0; i < p.size(); i++) {
        sb.append(id).append('\t').append(i).append('\t');
        sb.append(p.lon()[i]).append('\t').append(p.lat()[i]).append('\t');
        sb.append(p.weight()[i]).append('\t');
        text(sb, p.label()[i]).append('\t');
        text(sb, p.kind()[i]).append('\n');
        if (sb.length() >= COPY_BUFFER_CHARS) {
          byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
          in.writeToCopy(bytes, 0, bytes.length);
          sb.setLength(0);
        }
      }
      byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
      in.writeToCopy(bytes, 0, bytes.length);
      in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  /** A COPY text field: {@code \N} for null, backslash escapes for the separators. */
  private static StringBuilder text(StringBuilder sb, String s) {
    if (s == null) {
      return sb.append("\\N");
    }
    for (int k = 0; k < s.length(); k++) {
      char ch = s.charAt(k);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(ch);
      }
    }
    return sb;
  }

  /**
   * {@code minLon, minLat, maxLon, maxLat} of a set's points; empty when the set does not exist.
   */
  public Optional<double[]> extent(PlanSetKind kind, String name) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(EXTENT)) {
      ps.setString(1, kind.code());
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getObject(1) == null) {
          return Optional.empty();
        }
        return Optional.of(
            new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
      }
    }
  }

  /**
   * The points in a box from {@code offset}, in stored order, and how many the box holds; {@code
   * NotFound} when the set does not exist.
   */
  public PlanSetPage page(PlanSetKind kind, String name, BoundingBox box, int offset, int limit)
      throws SQLException {
    PlanSet set =
        find(kind, name)
            .orElseThrow(() -> new DomainException.NotFound(kind.code() + " set", name));
    try (Connection c = ds.getConnection()) {
      int matched = set.pointCount();
      if (!box.equals(BoundingBox.WORLD)) {
        try (PreparedStatement ps = c.prepareStatement(COUNT_IN_BOX)) {
          inBox(ps, kind, name, box);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            matched = rs.getInt(1);
          }
        }
      }
      int n = Math.max(0, Math.min(limit, matched - offset));
      int[] index = new int[n];
      double[] lon = new double[n];
      double[] lat = new double[n];
      double[] weight = new double[n];
      String[] label = new String[n];
      String[] pkind = new String[n];
      int i = 0;
      if (n > 0) {
        try (PreparedStatement ps = c.prepareStatement(PAGE_IN_BOX)) {
          inBox(ps, kind, name, box);
          ps.setInt(7, offset);
          ps.setInt(8, n);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next() && i < n) {
              index[i] = rs.getInt(1);
              lon[i] = rs.getDouble(2);
              lat[i] = rs.getDouble(3);
              weight[i] = rs.getDouble(4);
              label[i] = rs.getString(5);
              pkind[i] = rs.getString(6);
              i++;
            }
          }
        }
      }
      if (i < n) { // the set was replaced between the count and the read
        index = Arrays.copyOf(index, i);
        lon = Arrays.copyOf(lon, i);
        lat = Arrays.copyOf(lat, i);
        weight = Arrays.copyOf(weight, i);
        label = Arrays.copyOf(label, i);
        pkind = Arrays.copyOf(pkind, i);
      }
      return new PlanSetPage(matched, index, new PlanPoints(lat, lon, weight, label, pkind));
    }
  }

  private static void inBox(PreparedStatement ps, PlanSetKind kind, String name, BoundingBox b)
      throws SQLException {
    ps.setString(1, kind.code());
    ps.setString(2, name);
    ps.setDouble(3, b.minLon());
    ps.setDouble(4, b.maxLon());
    ps.setDouble(5, b.minLat());
    ps.setDouble(6, b.maxLat());
  }

  /** Deletes the named set; returns whether it existed. */
  public boolean delete(PlanSetKind kind, String name) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(DELETE)) {
      ps.setString(1, kind.code());
      ps.setString(2, name);
      return ps.executeUpdate() > 0;
    }
  }

  private static PlanSet set(ResultSet rs, int first) throws SQLException {
    String code = rs.getString(first);
    PlanSetKind kind =
        Arrays.stream(PlanSetKind.values())
            .filter(k -> k.code().equals(code))
            .findFirst()
            .orElseThrow(() -> new SQLException("unknown set kind " + code));
    return new PlanSet(
        kind,
        rs.getString(first + 1),
        rs.getTimestamp(first + 2).toInstant(),
        rs.getTimestamp(first + 3).toInstant(),
        rs.getInt(first + 4),
        rs.getDouble(first + 5));
  }
}
