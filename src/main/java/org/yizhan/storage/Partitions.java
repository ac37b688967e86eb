package org.yizhan.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The day partitions of {@code reading} on plain PostgreSQL. A partition holds one calendar day in
 * China (from midnight UTC+8), is named {@code reading_dYYYYMMDD}, and is made ahead of time, or
 * when a batch needs it. Blocking JDBC; the DDL runs in the caller's transaction except {@link
 * #detachAndDrop}, which must run outside one.
 */
public final class Partitions {

  /** Days start at midnight in China. */
  public static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("'reading_d'yyyyMMdd", Locale.ROOT);

  private static final Pattern BOUND =
      Pattern.compile("FROM \\((?:'([^']+)'|MINVALUE)\\) TO \\((?:'([^']+)'|MAXVALUE)\\)");

  /**
   * One partition and its range; {@code from} is null for MINVALUE (a table from before
   * partitioning, attached whole).
   */
  public record Partition(String name, Instant from, Instant to, boolean detachPending) {}

  private Partitions() {}

  /** The day in China that {@code t} falls in. */
  public static LocalDate dayOf(Instant t) {
    return t.atOffset(CHINA).toLocalDate();
  }

  public static Instant startOf(LocalDate day) {
    return day.atStartOfDay().toInstant(CHINA);
  }

  /** Whether {@code e} says a row's time has no partition yet. */
  public static boolean missing(java.sql.SQLException e) {
    return "23514".equals(e.getSQLState())
        && e.getMessage() != null
        && e.getMessage().contains("no partition of relation");
  }

  /** Whether {@code reading} is a natively partitioned table here. */
  public static boolean partitioned(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table p"
                    + " JOIN pg_class c ON c.oid = p.partrelid"
                    + " WHERE c.relname = 'reading' AND c.relnamespace = current_schema()::regnamespace)")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** The partitions of {@code reading}, oldest first. */
  public static List<Partition> list(Connection c) throws SQLException {
    List<Partition> out = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid), i.inhdetachpending"
                  + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                  + " WHERE i.inhparent = 'reading'::regclass")) {
        while (rs.next()) {
          Matcher m = BOUND.matcher(rs.getString(2));
          if (!m.find()) {
            throw new SQLException("unexpected partition bound: " + rs.getString(2));
          }
          out.add(
              new Partition(
                  rs.getString(1), parse(m.group(1)), parse(m.group(2)), rs.getBoolean(3)));
        }
      }
    }
    out.sort((a, b) -> a.from() == null ? -1 : b.from() == null ? 1 : a.from().compareTo(b.from()));
    return out;
  }

  /**
   * A bound as PostgreSQL prints it, in the session's time zone with its offset ({@code 2026-12-05
   * 00:00:00+08}, {@code ...+05:30}).
   */
  static Instant parse(String pg) {
    if (pg == null) {
      return null;
    }
    String iso = pg.trim().replace(' ', 'T');
    if (iso.matches(".*[+-]\\d\\d$")) {
      iso = iso + ":00";
    }
    return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  /**
   * Makes the day partitions of {@code [first, last]} that are missing, in the caller's
   * transaction; a day already covered (by a day partition or the table from before partitioning)
   * is left alone. Returns how many were made.
   */
  public static int ensure(Connection c, LocalDate first, LocalDate last) throws SQLException {
    List<Partition> have = list(c);
    int made = 0;
    try (Statement st = c.createStatement()) {
      for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
        Instant from = startOf(d);
        Instant to = startOf(d.plusDays(1));
        if (covered(have, from, to)) {
          continue;
        }
        // Made on its own, then attached: ATTACH takes a lighter lock on reading than CREATE
        // TABLE ... PARTITION OF, so writers go on meanwhile; an empty table attaches at once.
        String name = NAME.format(d);
        st.execute(
            "CREATE TABLE " + name + " (LIKE reading INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
        st.execute(
            "ALTER TABLE reading ATTACH PARTITION "
                + name
                + " FOR VALUES FROM ('"
                + from
                + "') TO ('"
                + to
                + "')");
        made++;
      }
    }
    return made;
  }

  /** Whether any partition overlaps {@code [from, to)}. */
  private static boolean covered(List<Partition> have, Instant from, Instant to) {
    for (Partition p : have) {
      boolean startsBefore = p.from() == null || p.from().isBefore(to);
      boolean endsAfter = p.to() == null || p.to().isAfter(from);
      if (startsBefore && endsAfter) {
        return true;
      }
    }
    return false;
  }

  /** The partitions wholly older than {@code cutoff}, oldest first: everything in them may go. */
  public static List<Partition> olderThan(Connection c, Instant cutoff) throws SQLException {
    List<Partition> out = new ArrayList<>();
    for (Partition p : list(c)) {
      if (p.to() != null && !p.to().isAfter(cutoff)) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Drops the given partitions: all in one short transaction when it gets its lock on {@code
   * reading} at once (detaching takes an exclusive lock on it for the few milliseconds of catalog
   * work, during which a writer's batch waits), else one by one with {@link #detachAndDrop}, which
   * never blocks writers but waits for every transaction that may still see a partition, twice per
   * partition. {@code c} must be in autocommit mode.
   */
  public static void dropAll(Connection c, List<Partition> old) throws SQLException {
    List<Partition> whole = new ArrayList<>();
    for (Partition p : old) {
      if (p.detachPending()) {
        detachAndDrop(c, p);
      } else {
        whole.add(p);
      }
    }
    if (whole.isEmpty()) {
      return;
    }
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL lock_timeout = '" + QUICK_LOCK_MS + "ms'");
      StringBuilder drop = new StringBuilder("DROP TABLE ");
      for (int i = 0; i < whole.size(); i++) {
        String name = quoteName(whole.get(i).name());
        st.execute("ALTER TABLE reading DETACH PARTITION " + name);
        drop.append(i == 0 ? "" : ", ").append(name);
      }
      st.execute(drop.toString());
      c.commit();
      return;
    } catch (SQLException e) {
      c.rollback();
      if (!"55P03".equals(e.getSQLState())) {
        throw e;
      }
    } finally {
      c.setAutoCommit(true);
    }
    // Someone holds reading (a long query): go the way that waits without blocking writers.
    for (Partition p : whole) {
      detachAndDrop(c, p);
    }
  }

  /**
   * How long the one-transaction drop waits for its lock before it gives up for the gentle way:
   * writers queue behind a waiting lock, so this is the longest they can be held up by it.
   */
  static final int QUICK_LOCK_MS = 100;

  /**
   * Detaches a partition without blocking writers (DETACH ... CONCURRENTLY, which waits for the
   * transactions that may still see it) and drops it. {@code c} must be in autocommit mode. A
   * detach interrupted earlier (the server stopped half way) is finished first.
   */
  public static void detachAndDrop(Connection c, Partition p) throws SQLException {
    String name = quoteName(p.name());
    try (Statement st = c.createStatement()) {
      if (p.detachPending()) {
        st.execute("ALTER TABLE reading DETACH PARTITION " + name + " FINALIZE");
      } else {
        st.execute("ALTER TABLE reading DETACH PARTITION " + name + " CONCURRENTLY");
      }
      st.execute("DROP TABLE " + name);
    }
  }

  /** A partition name as read from the catalog, quoted for DDL. */
  private static String quoteName(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
