package org.yizhan.station.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.Amenity;
import org.yizhan.station.Station;
import org.yizhan.station.StationKind;
import org.yizhan.station.StationStatus;
import org.yizhan.station.hours.InvalidOpeningHoursException;
import org.yizhan.station.hours.OpeningHours;

/** The {@code station} table. Blocking JDBC: call it from a worker thread, never an event loop. */
public final class StationRepository {

  private static final String COLUMNS =
      "id, name_zh, name_en, kind, lat, lon, address, city, district, capacity, amenities,"
          + " opening_hours, operator, phone, photo_url, status, star_rating, version, created_at,"
          + " updated_at";

  private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM station ORDER BY id";
  private static final String SELECT_MANY =
      "SELECT " + COLUMNS + " FROM station WHERE id = ANY(?) ORDER BY id";
  private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM station WHERE id = ?";

  /**
   * Every station write announces itself on this channel inside its own statement or transaction,
   * so the announcement goes out exactly when, and only if, the write commits. The payload is
   * {@code v1<TAB>instance<TAB>ids}: one id, several joined by commas (a bulk import), or {@link
   * #ALL} when they would not fit in one notification.
   */
  public static final String CHANNEL = "yizhan_stations";

  /** The announcement's ids when an import changed too many stations to name. */
  public static final String ALL = "*";

  /** PostgreSQL refuses payloads of 8000 bytes or more. */
  static final int MAX_PAYLOAD = 7_900;

  private static final String ANNOUNCE =
      " SELECT s.*, pg_notify('" + CHANNEL + "', 'v1' || chr(9) || ? || chr(9) || s.id) FROM s";
  private static final String ANNOUNCE_IMPORT = "SELECT pg_notify('" + CHANNEL + "', ?)";

  private static final String INSERT =
      "WITH s AS (INSERT INTO station (id, name_zh, name_en, kind, lat, lon, address, city, district,"
          + " capacity, amenities, opening_hours, operator, phone, photo_url, status, star_rating,"
          + " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
          + " ON CONFLICT (id) DO NOTHING RETURNING "
          + COLUMNS
          + ")"
          + ANNOUNCE;

  private static final String UPDATE =
      "WITH s AS (UPDATE station SET name_zh = ?, name_en = ?, kind = ?, lat = ?, lon = ?, address = ?,"
          + " city = ?, district = ?, capacity = ?, amenities = ?, opening_hours = ?, operator = ?,"
          + " phone = ?, photo_url = ?, status = ?, star_rating = ?, version = version + 1,"
          + " updated_at = now()"
          + " WHERE id = ? AND version = ? RETURNING "
          + COLUMNS
          + ")"
          + ANNOUNCE;

  private static final String UPSERT =
      "INSERT INTO station (id, name_zh, name_en, kind, lat, lon, address, city, district,"
          + " capacity, amenities, opening_hours, operator, phone, photo_url, status, star_rating,"
          + " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
          + " ON CONFLICT (id) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,"
          + " kind = EXCLUDED.kind, lat = EXCLUDED.lat, lon = EXCLUDED.lon,"
          + " address = EXCLUDED.address, city = EXCLUDED.city, district = EXCLUDED.district,"
          + " capacity = EXCLUDED.capacity, amenities = EXCLUDED.amenities,"
          + " opening_hours = EXCLUDED.opening_hours, operator = EXCLUDED.operator,"
          + " phone = EXCLUDED.phone, photo_url = EXCLUDED.photo_url, status = EXCLUDED.status,"
          + " star_rating = EXCLUDED.star_rating, version = station.version + 1,"
          + " updated_at = now()";

  private final DataSource ds;
  private final String instance = java.util.UUID.randomUUID().toString().substring(0, 13);

  public StationRepository(DataSource ds) {
    this.ds = ds;
  }

  /** This repository's name in its announcements, so that its own can be told apart. */
  public String instance() {
    return instance;
  }

  /**
   * The announcement of an import of these station ids: one notification naming them all, or {@link
   * #ALL} if they would not fit.
   */
  static String importPayload(String instance, List<String> ids) {
    String head = "v1\t" + instance + "\t";
    int length = head.length() + ids.stream().mapToInt(id -> id.length() + 1).sum();
    return length > MAX_PAYLOAD ? head + ALL : head + String.join(",", ids);
  }

  public List<Station> listAll() throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_ALL)) {
      ps.setFetchSize(5000);
      c.setAutoCommit(false);
      try (ResultSet rs = ps.executeQuery()) {
        List<Station> out = new ArrayList<>();
        Map<String, OpeningHours> parsed = new HashMap<>();
        while (rs.next()) {
          out.add(map(rs, parsed));
        }
        c.commit();
        return out;
      }
    }
  }

  public Optional<Station> find(String id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs, new HashMap<>())) : Optional.empty();
      }
    }
  }

  /** The stations with these ids that exist, in id order, as this connection sees them. */
  private static List<Station> findAll(Connection c, List<String> ids) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_MANY)) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        List<Station> out = new ArrayList<>(ids.size());
        Map<String, OpeningHours> parsed = new HashMap<>();
        while (rs.next()) {
          out.add(map(rs, parsed));
        }
        return out;
      }
    }
  }

  /** Inserts a new station; empty if the id is taken. */
  public Optional<Station> insert(Station s) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(bindAll(c, ps, s), instance);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs, new HashMap<>())) : Optional.empty();
      }
    }
  }

  /** Replaces a station if it is still at {@code expectedVersion}; empty otherwise. */
  public Optional<Station> update(Station s, long expectedVersion) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(UPDATE)) {
      int i = bindFields(c, ps, s, 1);
      ps.setString(i++, s.id());
      ps.setLong(i++, expectedVersion);
      ps.setString(i, instance);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs, new HashMap<>())) : Optional.empty();
      }
    }
  }

  /**
   * Creates or replaces all given stations in one transaction: all of them or none. Returns the
   * stored rows, read back inside the same transaction, so a caller never holds a commit it cannot
   * show (a read after the commit could fail on its own).
   *
   * @throws CommitFailedException when the commit itself failed: the outcome is then unknown
   * @throws SQLException any earlier failure: the transaction is rolled back, nothing is stored
   */
  public List<Station> upsertAll(List<Station> stations) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      List<Station> stored;
      try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
        int n = 0;
        for (Station s : stations) {
          bindAll(c, ps, s);
          ps.addBatch();
          if (++n % 1000 == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
        List<String> ids = stations.stream().map(Station::id).toList();
        stored = findAll(c, ids);
        announce(c, importPayload(instance, ids));
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
      try {
        c.commit();
      } catch (SQLException e) {
        throw new CommitFailedException(e);
      }
      return stored;
    }
  }

  private static void announce(Connection c, String payload) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ANNOUNCE_IMPORT)) {
      ps.setString(1, payload);
      ps.executeQuery().close();
    }
  }

  /** The stations with these ids that exist, in id order. */
  public List<Station> findAll(List<String> ids) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return findAll(c, ids);
    }
  }

  /**
   * The commit of a write failed (typically the connection was lost while it was under way): the
   * database may or may not have stored it.
   */
  public static final class CommitFailedException extends SQLException {
    private static final long serialVersionUID = 1L;

    public CommitFailedException(SQLException cause) {
      super("commit failed, outcome unknown: " + cause.getMessage(), cause.getSQLState(), cause);
    }
  }

  /**
   * Rolls back after a failure, keeping the failure: on a lost connection the rollback fails too,
   * and its "connection closed" would otherwise hide why (PostgreSQL drops the transaction anyway).
   */
  private static void rollbackQuietly(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Binds the id and every field; returns the next parameter's index. */
  private static int bindAll(Connection c, PreparedStatement ps, Station s) throws SQLException {
    ps.setString(1, s.id());
    return bindFields(c, ps, s, 2);
  }

  private static int bindFields(Connection c, PreparedStatement ps, Station s, int start)
      throws SQLException {
    int i = start;
    ps.setString(i++, s.nameZh());
    ps.setString(i++, s.nameEn());
    ps.setString(i++, s.kind().code());
    ps.setDouble(i++, s.location().lat());
    ps.setDouble(i++, s.location().lon());
    ps.setString(i++, s.address());
    ps.setString(i++, s.city());
    ps.setString(i++, s.district());
    ps.setInt(i++, s.capacity());
    ps.setArray(i++, amenities(c, s.amenities()));
    ps.setString(i++, s.openingHours().spec());
    ps.setString(i++, s.operator());
    ps.setString(i++, s.phone());
    ps.setString(i++, s.photoUrl());
    ps.setString(i++, s.status().code());
    setStars(ps, i++, s.starRating());
    return i;
  }

  private static void setStars(PreparedStatement ps, int i, Integer stars) throws SQLException {
    if (stars == null) {
      ps.setNull(i, Types.SMALLINT);
    } else {
      ps.setShort(i, stars.shortValue());
    }
  }

  private static Array amenities(Connection c, Set<Amenity> amenities) throws SQLException {
    return c.createArrayOf("text", amenities.stream().map(Amenity::code).toArray());
  }

  private static Station map(ResultSet rs, Map<String, OpeningHours> parsed) throws SQLException {
    String id = rs.getString("id");
    Set<Amenity> amenities = EnumSet.noneOf(Amenity.class);
    for (Object a : (Object[]) rs.getArray("amenities").getArray()) {
      Amenity.findByCode((String) a).ifPresent(amenities::add);
    }
    int stars = rs.getInt("star_rating");
    Integer starRating = rs.wasNull() ? null : stars;
    return new Station(
        id,
        rs.getString("name_zh"),
        rs.getString("name_en"),
        StationKind.findByCode(rs.getString("kind"))
            .orElseThrow(() -> new SQLException("station " + id + ": unknown kind in database")),
        new WgsCoordinate(rs.getDouble("lat"), rs.getDouble("lon")),
        rs.getString("address"),
        rs.getString("city"),
        rs.getString("district"),
        rs.getInt("capacity"),
        amenities,
        hours(id, rs.getString("opening_hours"), parsed),
        rs.getString("operator"),
        rs.getString("phone"),
        rs.getString("photo_url"),
        StationStatus.findByCode(rs.getString("status"))
            .orElseThrow(() -> new SQLException("station " + id + ": unknown status in database")),
        starRating,
        rs.getLong("version"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("updated_at")));
  }

  /** Parses each distinct hours text once per load: national networks repeat a few dozen. */
  private static OpeningHours hours(String id, String spec, Map<String, OpeningHours> parsed)
      throws SQLException {
    OpeningHours known = parsed.get(spec);
    if (known != null) {
      return known;
    }
    try {
      OpeningHours h = OpeningHours.parse(spec);
      parsed.put(spec, h);
      return h;
    } catch (InvalidOpeningHoursException e) {
      throw new SQLException("station " + id + ": stored opening hours no longer parse", e);
    }
  }

  private static java.time.Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
