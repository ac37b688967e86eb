package org.yizhan.ingest;

import java.sql.SQLException;

/**
 * Which database errors refuse the data itself, and how such a refusal is told to the device. A
 * refusal no retry can cure is split on and answered; anything else is waited out.
 */
final class StorageRefusal {

  /** PostgreSQL's unique_violation: a redelivered reading, which is a success. */
  static final String UNIQUE_VIOLATION = "23505";

  private static final int MAX_LINE = 300;

  private StorageRefusal() {}

  /**
   * A refusal of the data itself, which no retry can cure: data exceptions (class 22), integrity
   * violations other than a duplicate key (class 23), program limits such as an index row too large
   * (class 54). Everything else (connection, resources, operator intervention, serialization,
   * missing objects while a migration runs) is taken as transient.
   */
  static boolean isDataError(SQLException e) {
    String state = e.getSQLState();
    if (state == null || state.length() != 5) {
      return false;
    }
    return state.startsWith("22")
        || (state.startsWith("23") && !UNIQUE_VIOLATION.equals(state))
        || state.startsWith("54");
  }

  /** What a device is told about a message of {@code readings} readings the database refused. */
  static String detail(int readings, Exception cause) {
    String state = cause instanceof SQLException se ? se.getSQLState() : null;
    return "the database refused "
        + (readings == 1 ? "the reading" : "these " + readings + " readings")
        + (state == null ? "" : " (SQLSTATE " + state + ")")
        + ": "
        + firstLine(cause.getMessage());
  }

  /** The first line of a database message, at most 300 characters: enough to name the value. */
  static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line;
  }
}
