package org.yizhan.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.db.Database;
import org.yizhan.testing.TestDatabases;

/**
 * One call into the alert book is one transaction: a database failure on its second statement (a
 * trigger raising) leaves neither the first statement's row nor an event behind, and the next call
 * after the failure applies the whole step.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AlertBookAtomicityIT {

  private static final Instant T0 = Instant.parse("2026-07-01T04:00:00Z");
  private static final Duration CALM = Duration.ofMinutes(5);

  private static AlertBook.Signal signal(String kind, boolean active, Instant at) {
    return new AlertBook.Signal(kind, "st-x", null, "warning", active, at, kind + " at st-x");
  }

  @Test
  void aFailedSecondOpeningLeavesNoAlertOpenedAndTheNextCallOpensBoth() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      DataSource ds = db.dataSource();
      AlertBook book = new AlertBook(ds, CALM);
      List<AlertBook.Event.Type> heard = new CopyOnWriteArrayList<>();
      book.addListener(e -> heard.add(e.type()));
      sql(
          ds,
          "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$",
          "CREATE TRIGGER boom BEFORE INSERT ON alert FOR EACH ROW"
              + " WHEN (NEW.kind = 'overfull') EXECUTE FUNCTION boom()");

      List<AlertBook.Signal> both =
          List.of(signal("too_hot", true, T0), signal("overfull", true, T0));
      book.apply(both, T0);

      assertThat(count(ds, "SELECT count(*) FROM alert")).as("nothing stored").isZero();
      assertThat(heard).as("nothing told").isEmpty();

      sql(ds, "DROP TRIGGER boom ON alert");
      book.apply(both, T0.plusSeconds(5));
      assertThat(count(ds, "SELECT count(*) FROM alert WHERE resolved_at IS NULL"))
          .as("both open once the database works again")
          .isEqualTo(2);
      assertThat(heard).containsExactly(AlertBook.Event.Type.OPENED, AlertBook.Event.Type.OPENED);
    }
  }

  @Test
  void aFailedSecondResolutionLeavesBothOpenAndTheNextCallResolvesBoth() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      DataSource ds = db.dataSource();
      AlertBook book = new AlertBook(ds, CALM);
      book.apply(List.of(signal("too_hot", true, T0), signal("overfull", true, T0)), T0);
      assertThat(count(ds, "SELECT count(*) FROM alert WHERE resolved_at IS NULL")).isEqualTo(2);
      List<AlertBook.Event.Type> heard = new CopyOnWriteArrayList<>();
      book.addListener(e -> heard.add(e.type()));
      sql(
          ds,
          "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$",
          "CREATE TRIGGER boom BEFORE UPDATE ON alert FOR EACH ROW"
              + " WHEN (NEW.kind = 'overfull') EXECUTE FUNCTION boom()");

      Instant clear = T0.plusSeconds(60);
      book.apply(
          List.of(signal("too_hot", false, clear), signal("overfull", false, clear)),
          clear.plus(CALM));

      assertThat(count(ds, "SELECT count(*) FROM alert WHERE resolved_at IS NULL"))
          .as("neither resolved")
          .isEqualTo(2);
      assertThat(heard).as("nothing told").isEmpty();

      sql(ds, "DROP TRIGGER boom ON alert");
      book.apply(List.of(), clear.plus(CALM).plusSeconds(5));
      assertThat(count(ds, "SELECT count(*) FROM alert WHERE resolved_at IS NULL"))
          .as("both resolved once the database works again")
          .isZero();
      assertThat(heard)
          .containsExactly(AlertBook.Event.Type.RESOLVED, AlertBook.Event.Type.RESOLVED);
    }
  }

  private static void sql(DataSource ds, String... statements) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  private static long count(DataSource ds, String query) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
