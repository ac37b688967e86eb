package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.db.Database;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.testing.TestDatabases;

/**
 * Verifies that the log of refused device messages, on a real PostgreSQL, keeps every record
 * however hostile its fields (huge, NUL bytes, broken surrogates), bounds what each record stores,
 * and keeps the table within its byte budget.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RejectionLogIT {

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

  private static long query(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void awaitRows(long n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (query("SELECT count(*) FROM rejected_message") < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  @Test
  void hostileFieldsAreClippedAndCleanedAndNeverSinkOtherRecords() throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM rejected_message");
    }
    RejectionLog log = new RejectionLog(db.dataSource(), 100_000);
    log.start();
    try {
      String huge = "u".repeat(60_000);
      String withNul = "dev\u0000ice\u001b[31m";
      String brokenSurrogate = "topic-\uD800-end";
      // Recorded together, so they would go to the database in one batch.
      log.record("ok-before", "dev-1", "yz/v1/x", RejectReason.BAD_CREDENTIALS, "wrong", null);
      log.record(huge, huge, huge, RejectReason.BAD_CREDENTIALS, huge, huge.getBytes());
      log.record(
          withNul,
          withNul,
          brokenSurrogate,
          RejectReason.MALFORMED_JSON,
          "detail\u0000",
          "{\"a\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8));
      log.record("ok-after", "dev-2", "yz/v1/y", RejectReason.BAD_CREDENTIALS, "wrong", null);
      awaitRows(4);

      assertThat(query("SELECT count(*) FROM rejected_message")).isEqualTo(4);
      assertThat(log.dropped()).isZero();
      long longest =
          query(
              "SELECT max(length(client_id) + length(device_id) + length(topic) + length(detail)"
                  + " + coalesce(length(payload), 0)) FROM rejected_message");
      assertThat(longest).isLessThanOrEqualTo(RejectionLog.MAX_RECORD_CHARS);
      assertThat(
              query("SELECT count(*) FROM rejected_message WHERE client_id LIKE '%(60000 chars)'"))
          .as("a clipped field says how long it was")
          .isEqualTo(1);
      List<RejectionLog.Rejection> latest = log.latest(10);
      RejectionLog.Rejection nul =
          latest.stream()
              .filter(r -> r.reason() == RejectReason.MALFORMED_JSON)
              .findFirst()
              .orElseThrow();
      assertThat(nul.deviceId()).isEqualTo("dev\uFFFDice\uFFFD[31m");
      assertThat(nul.topic()).isEqualTo("topic-\uFFFD-end");
      assertThat(nul.payloadExcerpt()).doesNotContain("\u0000");
    } finally {
      log.close();
    }
  }

  @Test
  void theTableIsTrimmedToItsByteBudget() throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM rejected_message");
    }
    long budget = 200_000;
    RejectionLog log = new RejectionLog(db.dataSource(), 100_000, budget);
    log.start();
    try {
      byte[] payload = "x".repeat(2_000).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 500; i++) {
        log.record("c" + i, "d" + i, "t", RejectReason.SCHEMA_VIOLATION, "d".repeat(900), payload);
      }
      awaitRows(500);
      log.trimNow();
      long bytes =
          query(
              "SELECT coalesce(sum(octet_length(client_id) + octet_length(device_id)"
                  + " + octet_length(topic) + octet_length(detail) + octet_length(payload) + 64),"
                  + " 0) FROM rejected_message");
      assertThat(bytes).isLessThanOrEqualTo(budget).isGreaterThan(budget / 2);
      assertThat(query("SELECT count(*) FROM rejected_message WHERE client_id = 'c499'"))
          .as("the newest are kept")
          .isEqualTo(1);
      assertThat(query("SELECT count(*) FROM rejected_message WHERE client_id = 'c0'"))
          .as("the oldest go first")
          .isZero();
    } finally {
      log.close();
    }
  }
}
