package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;
import org.yizhan.db.Database;
import org.yizhan.live.LiveState;
import org.yizhan.telemetry.Reading;
import org.yizhan.testing.TestDatabases;

/**
 * Verifies that a reading the database refuses (here a temperature of 1e-300, outside PostgreSQL's
 * {@code real}, fed straight to the writer as if validation had missed it) is refused on its own:
 * the rest of its batch, other devices included, commits, and the writer goes on. Also that a
 * writer whose database does not answer says so to readiness.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadingWriterRefusalIT {

  private static Database db;

  @BeforeAll
  static void start() {
    TestDatabases.Db t = TestDatabases.fresh();
    db = Database.external(t.url(), t.user(), t.password(), 4);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  private static Reading reading(String device, long seq, Instant t, Double temperature) {
    return new Reading(
        "st-" + device,
        device,
        seq,
        t,
        3,
        null,
        null,
        temperature,
        null,
        null,
        null,
        null,
        Instant.now());
  }

  private static long rows(String device) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM reading WHERE device_id = '" + device + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** What became of each submitted message, by its key. */
  private static final class Outcomes {
    final Map<String, String> byKey = new ConcurrentHashMap<>();
    final CountDownLatch all;

    Outcomes(int n) {
      all = new CountDownLatch(n);
    }

    ReadingWriter.Completion of(String key) {
      return ReadingWriter.Completion.of(
          () -> {
            byKey.put(key, "committed");
            all.countDown();
          },
          (reason, detail) -> {
            byKey.put(key, reason.code() + ": " + detail);
            all.countDown();
          });
    }
  }

  @Test
  void aReadingTheDatabaseRefusesIsRefusedAloneAndTheRestOfItsBatchCommits() throws Exception {
    LiveState live = new LiveState();
    ReadingWriter writer = new ReadingWriter(db.dataSource(), 10_000, 5_000, live::apply);
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
    int messages = 300;
    Outcomes outcomes = new Outcomes(messages);
    // Queued before the writer starts, so that they all make one batch: the poison is in the
    // middle.
    for (int i = 0; i < messages; i++) {
      String device = "dev-" + (i % 3);
      Double temperature = i == 150 ? 1e-300 : 20.0 + i % 5;
      List<Reading> one = List.of(reading(device, i, t.plusSeconds(i), temperature));
      assertThat(writer.submit(one, outcomes.of("m" + i))).isTrue();
    }
    writer.start();
    try {
      assertThat(outcomes.all.await(20, TimeUnit.SECONDS))
          .as("every message answered, none stalled behind the poison")
          .isTrue();
      String refused = outcomes.byKey.get("m150");
      assertThat(refused).startsWith("storage_refused: ").contains("SQLSTATE 22003");
      for (int i = 0; i < messages; i++) {
        if (i != 150) {
          assertThat(outcomes.byKey.get("m" + i)).as("message " + i).isEqualTo("committed");
        }
      }
      assertThat(rows("dev-0") + rows("dev-1") + rows("dev-2")).isEqualTo(messages - 1);
      assertThat(writer.refusedReadings()).isEqualTo(1);
      assertThat(writer.queuedReadings()).isZero();

      // The writer goes on: a later message commits, and nothing is reported stalled.
      CountDownLatch later = new CountDownLatch(1);
      writer.submit(
          List.of(reading("dev-0", 10_000, t.plusSeconds(1_000), 19.5)),
          Committed.then(later::countDown));
      assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(writer.stall()).isEmpty();
    } finally {
      writer.close();
    }
  }

  @Test
  void aMessageOfSeveralReadingsIsRefusedWholeAndOnlyItAmongMany() throws Exception {
    ReadingWriter writer = new ReadingWriter(db.dataSource(), 10_000, 5_000, r -> {});
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
    Outcomes outcomes = new Outcomes(3);
    writer.submit(
        List.of(reading("dev-a", 1, t, 20.0), reading("dev-a", 2, t.plusSeconds(1), 21.0)),
        outcomes.of("good-before"));
    writer.submit(
        List.of(
            reading("dev-b", 1, t, 20.0),
            reading("dev-b", 2, t.plusSeconds(1), -1e-50),
            reading("dev-b", 3, t.plusSeconds(2), 22.0)),
        outcomes.of("bad"));
    writer.submit(List.of(reading("dev-c", 1, t, 20.0)), outcomes.of("good-after"));
    writer.start();
    try {
      assertThat(outcomes.all.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(outcomes.byKey.get("bad"))
          .startsWith("storage_refused: the database refused these 3 readings");
      assertThat(outcomes.byKey.get("good-before")).isEqualTo("committed");
      assertThat(outcomes.byKey.get("good-after")).isEqualTo("committed");
      assertThat(rows("dev-a")).isEqualTo(2);
      assertThat(rows("dev-b")).as("a refused message stores none of its readings").isZero();
      assertThat(rows("dev-c")).isEqualTo(1);
    } finally {
      writer.close();
    }
  }

  @Test
  void aWriterWhoseDatabaseDoesNotAnswerReportsAStallAndAcknowledgesNothing() throws Exception {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setServerNames(new String[] {"127.0.0.1"});
    nowhere.setPortNumbers(new int[] {closedPort()});
    nowhere.setDatabaseName("postgres");
    nowhere.setUser("postgres");
    nowhere.setConnectTimeout(1);
    ReadingWriter writer =
        new ReadingWriter(
            nowhere, 1_000, 100, Duration.ofMillis(300), WriterHooks.afterCommit(r -> {}));
    Outcomes outcomes = new Outcomes(1);
    writer.start();
    try {
      assertThat(writer.stall()).as("an idle writer is not stalled").isEmpty();
      writer.submit(List.of(reading("dev-x", 1, Instant.now(), 20.0)), outcomes.of("m"));
      Optional<String> stall = Optional.empty();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (stall.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
        stall = writer.stall();
      }
      assertThat(stall).hasValueSatisfying(s -> assertThat(s).contains("1 readings wait"));
      assertThat(outcomes.byKey).as("nothing acknowledged, nothing refused").isEmpty();
      assertThat(writer.isDatabaseUp()).isFalse();
    } finally {
      writer.close();
    }
  }

  @Test
  void onlyDataErrorsAreTakenAsRefusalsOfTheData() {
    assertThat(ReadingWriter.isDataError(new SQLException("x", "22003"))).isTrue();
    assertThat(ReadingWriter.isDataError(new SQLException("x", "22021"))).isTrue();
    assertThat(ReadingWriter.isDataError(new SQLException("x", "23502"))).isTrue();
    assertThat(ReadingWriter.isDataError(new SQLException("x", "54000"))).isTrue();
    assertThat(ReadingWriter.isDataError(new SQLException("x", "23505"))).isFalse();
    assertThat(ReadingWriter.isDataError(new SQLException("x", "08006"))).isFalse();
    assertThat(ReadingWriter.isDataError(new SQLException("x", "57P01"))).isFalse();
    assertThat(ReadingWriter.isDataError(new SQLException("x", "53100"))).isFalse();
    assertThat(ReadingWriter.isDataError(new SQLException("x", "42P01"))).isFalse();
    assertThat(ReadingWriter.isDataError(new SQLException("x", (String) null))).isFalse();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
