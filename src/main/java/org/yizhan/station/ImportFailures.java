package org.yizhan.station;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;
import org.yizhan.station.internal.StationRepository.CommitFailedException;

/**
 * What an import's caller is told when the database fails under it. The import is one transaction,
 * so a failure before the commit leaves nothing stored: a refused value (SQLSTATE class 22, 23 or
 * 54) is the file's fault (400), anything else (connection lost, server restarting, lock or
 * statement timeout, out of resources) is worth retrying (503 with {@code Retry-After}). Only a
 * failed commit leaves the outcome unknown, and the answer says so.
 */
final class ImportFailures {

  /** Seconds a client is asked to wait before importing again. */
  static final long RETRY_AFTER_S = 5;

  private static final Logger LOG = LoggerFactory.getLogger(ImportFailures.class);

  private ImportFailures() {}

  static DomainException problem(SQLException e, int rows) {
    SQLException root = root(e);
    String state = root.getSQLState() == null ? "unknown" : root.getSQLState();
    LOG.warn(
        "stations: import of {} rows failed in the database (SQLSTATE {}): {}",
        rows,
        state,
        firstLine(root.getMessage()));
    if (e instanceof CommitFailedException) {
      return new DomainException.Unavailable(
          "The database failed while committing the import (SQLSTATE "
              + state
              + "), so it may or may not be stored; look up one of its stations before"
              + " importing again",
          RETRY_AFTER_S);
    }
    if (refusedValue(state)) {
      return new DomainException.InvalidInput(
          "The database refused a value in the file (SQLSTATE " + state + "); nothing was imported",
          List.of(Violation.of("body", "holds a value the database cannot store")));
    }
    return new DomainException.Unavailable(
        "The database failed during the import (SQLSTATE "
            + state
            + "); nothing was imported; try again shortly",
        RETRY_AFTER_S);
  }

  private static boolean refusedValue(String state) {
    return state.startsWith("22") || state.startsWith("23") || state.startsWith("54");
  }

  /**
   * The database's own report: a batch failure wraps it (as its next exception or cause), and the
   * batch's message repeats the whole statement with every row's values.
   */
  private static SQLException root(SQLException e) {
    if (!(e instanceof BatchUpdateException)) {
      return e;
    }
    if (e.getNextException() != null) {
      return e.getNextException();
    }
    return e.getCause() instanceof SQLException c ? c : e;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
