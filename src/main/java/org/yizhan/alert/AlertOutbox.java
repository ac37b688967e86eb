package org.yizhan.alert;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Keeps what must be told about alert changes (webhook notices) in the same transaction as the
 * changes themselves, so a committed change is never without its notices and a rolled-back one
 * never has any.
 */
@FunctionalInterface
public interface AlertOutbox {

  /** Nothing kept: listeners alone hear of the changes. */
  AlertOutbox NONE = (c, events) -> {};

  /** Stores what is to be told of {@code events} on {@code c}, inside the alerts' transaction. */
  void add(Connection c, List<AlertBook.Event> events) throws SQLException;
}
