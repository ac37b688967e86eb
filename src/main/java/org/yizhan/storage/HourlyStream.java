package org.yizhan.storage;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Every station's hourly means over a period, streamed out of the hourly rollup with one binary
 * {@code COPY}: a province's 90 days are 10 million station-hours, which a cursor's result set
 * delivers several times slower (objects and text per value) and which grouping in SQL (780,000
 * station and hour-of-week groups) costs more than the caller's counting in arrays. Flagged
 * readings are left out, as in every rollup; hours without an occupancy mean are not sent.
 */
public final class HourlyStream {

  private HourlyStream() {}

  /** Receives one station-hour. */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param station a number for the station, dense from 0 in the order the stream first meets
     *     each one, so that the receiver can keep what it knows of a station in an array
     * @param stationId the station's id, the same instance each time
     * @param epochHour the hour's start in hours since 1970-01-01T00:00Z
     * @param temperatureC the hour's mean temperature, NaN when it had none
     */
    void hour(int station, String stationId, long epochHour, double occupancy, double temperatureC);
  }

  /**
   * Streams the hours of {@code [from, to)} to {@code sink}, in no order. On plain PostgreSQL the
   * caller folds the pending sums first if the last seconds matter (they are not read here).
   *
   * @return how many hours were sent
   */
  public static long forEach(Connection c, Store store, Instant from, Instant to, Sink sink)
      throws SQLException {
    CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql(store, from, to));
    try {
      return read(copy, sink);
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy(); // the sink failed: leave the connection usable
      }
    }
  }

  /** Reads a binary COPY of (text, int8, float8, float8 or null) rows to the end. */
  static long read(CopyOut copy, Sink sink) throws SQLException {
    Reader in = new Reader(copy);
    long n = 0;
    in.header();
    while (in.row()) {
      int station = in.station();
      String id = in.lastName();
      long hour = in.int8();
      double occupancy = in.float8();
      double temperature = in.float8OrNaN();
      sink.hour(station, id, hour, occupancy, temperature);
      n++;
    }
    return n;
  }

  /** The COPY statement: bind parameters are not allowed there, so the period is inlined. */
  static String sql(Store store, Instant from, Instant to) {
    // Instant.toString is ISO-8601 in UTC: digits, '-', ':', 'T', '.', 'Z'; nothing to escape.
    String range = " bucket >= TIMESTAMPTZ '" + from + "' AND bucket < TIMESTAMPTZ '" + to + "'";
    String hour = "(date_part('epoch', bucket) / 3600)::int8";
    if (store == Store.TIMESCALE) {
      return "COPY (SELECT station_id, "
          + hour
          + ", occupancy_avg::float8, temperature_avg::float8 FROM "
          + Rollup.H1.aggregate()
          + " WHERE occupancy_avg IS NOT NULL AND"
          + range
          + ") TO STDOUT (FORMAT binary)";
    }
    return "COPY (SELECT station_id, "
        + hour
        + ", occ_sum::float8 / occ_n, CASE WHEN temp_n > 0 THEN temp_sum / temp_n END FROM "
        + Rollup.H1.table()
        + " WHERE occ_n > 0 AND"
        + range
        + ") TO STDOUT (FORMAT binary)";
  }

  /**
   * PostgreSQL's binary COPY format (documented with the COPY command): an 11-byte signature, flags
   * and a header extension, then per row a 16-bit field count (-1 ends the data) and per field a
   * 32-bit length (-1 for null) and the value in network byte order. Read across the server's
   * messages without assuming where they split.
   */
  static final class Reader {
    private static final byte[] SIGNATURE = {
      'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
    };
    private static final int FIELDS = 4;

    private final CopyOut copy;
    private final Names names = new Names();
    private byte[] buf = new byte[0];
    private int pos;

    Reader(CopyOut copy) {
      this.copy = copy;
    }

    void header() throws SQLException {
      need(SIGNATURE.length + 8);
      if (!Arrays.equals(buf, pos, pos + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
        throw new SQLException("not a binary COPY stream");
      }
      pos += SIGNATURE.length + 4; // flags: none defined that matter without OIDs
      int extension = int4();
      need(extension);
      pos += extension;
    }

    /** True when a row follows, false at the end of the data. */
    boolean row() throws SQLException {
      need(2);
      short fields = (short) (((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff));
      pos += 2;
      if (fields == -1) {
        drain();
        return false;
      }
      if (fields != FIELDS) {
        throw new SQLException("expected " + FIELDS + " fields in a COPY row, got " + fields);
      }
      return true;
    }

    /** Reads a station id: its number ({@link Names}); {@link #lastName} is its text. */
    int station() throws SQLException {
      int len = length();
      if (len < 0) {
        throw new SQLException("unexpected null station in the hourly rollup");
      }
      need(len);
      int id = names.get(buf, pos, len);
      pos += len;
      return id;
    }

    String lastName() {
      return names.name(names.last);
    }

    long int8() throws SQLException {
      expect(8);
      return long8();
    }

    double float8() throws SQLException {
      expect(8);
      return Double.longBitsToDouble(long8());
    }

    double float8OrNaN() throws SQLException {
      int len = length();
      if (len < 0) {
        return Double.NaN;
      }
      if (len != 8) {
        throw new SQLException("expected an 8-byte value, got " + len + " bytes");
      }
      need(8);
      return Double.longBitsToDouble(long8());
    }

    private void expect(int bytes) throws SQLException {
      int len = length();
      if (len != bytes) {
        throw new SQLException("expected a " + bytes + "-byte value, got length " + len);
      }
      need(bytes);
    }

    private int length() throws SQLException {
      need(4);
      return int4();
    }

    private int int4() {
      int v =
          ((buf[pos] & 0xff) << 24)
              | ((buf[pos + 1] & 0xff) << 16)
              | ((buf[pos + 2] & 0xff) << 8)
              | (buf[pos + 3] & 0xff);
      pos += 4;
      return v;
    }

    private long long8() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (buf[pos + i] & 0xff);
      }
      pos += 8;
      return v;
    }

    /** Makes {@code n} bytes available at {@code pos}, joining the server's messages as needed. */
    private void need(int n) throws SQLException {
      while (buf.length - pos < n) {
        byte[] next = copy.readFromCopy();
        if (next == null) {
          throw new SQLException("the COPY stream ended inside a row");
        }
        int left = buf.length - pos;
        if (left == 0) {
          buf = next;
        } else {
          byte[] joined = Arrays.copyOfRange(buf, pos, pos + left + next.length);
          System.arraycopy(next, 0, joined, left, next.length);
          buf = joined;
        }
        pos = 0;
      }
    }

    /** Reads to the end, so that the COPY completes and the connection is free again. */
    private void drain() throws SQLException {
      while (copy.readFromCopy() != null) {
        // nothing follows the trailer but the end of the COPY
      }
    }
  }

  /**
   * A number per distinct name, dense from 0, and the same String for the same bytes: a province's
   * few thousand station ids come millions of times. Open addressing on the bytes; grows at half
   * full.
   */
  static final class Names {
    private byte[][] keys = new byte[1024][];
    private int[] ids = new int[1024];
    private final java.util.List<String> names = new java.util.ArrayList<>();
    int last = -1;

    /** The number of the name in {@code b[off, off + len)}, a new one the first time. */
    int get(byte[] b, int off, int len) {
      int h = hash(b, off, len);
      int mask = keys.length - 1;
      for (int i = h & mask; ; i = (i + 1) & mask) {
        byte[] k = keys[i];
        if (k == null) {
          int id = names.size();
          names.add(new String(b, off, len, StandardCharsets.UTF_8));
          keys[i] = Arrays.copyOfRange(b, off, off + len);
          ids[i] = id;
          if (names.size() * 2 > keys.length) {
            grow();
          }
          return last = id;
        }
        if (Arrays.equals(k, 0, k.length, b, off, off + len)) {
          return last = ids[i];
        }
      }
    }

    String name(int id) {
      return names.get(id);
    }

    private static int hash(byte[] b, int off, int len) {
      int h = 1;
      for (int i = off; i < off + len; i++) {
        h = 31 * h + b[i];
      }
      return h ^ (h >>> 16);
    }

    private void grow() {
      byte[][] oldKeys = keys;
      int[] oldIds = ids;
      keys = new byte[oldKeys.length * 2][];
      ids = new int[oldKeys.length * 2];
      int mask = keys.length - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        byte[] k = oldKeys[j];
        if (k != null) {
          int i = hash(k, 0, k.length) & mask;
          while (keys[i] != null) {
            i = (i + 1) & mask;
          }
          keys[i] = k;
          ids[i] = oldIds[j];
        }
      }
    }
  }
}
