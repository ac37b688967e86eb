package org.yizhan.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.db.Database;
import org.yizhan.testing.TestDatabases;

/**
 * Delivery outcomes are stored in {@code alert_delivery} (migration V7) and read back per alert.
 */
@Timeout(120)
class JdbcDeliveryLogIT {

  private static final Instant T0 = Instant.parse("2026-07-01T04:00:00.123456Z");

  private Database db;
  private DataSource ds;

  @BeforeEach
  void migrate() {
    TestDatabases.Db t = TestDatabases.fresh();
    db = Database.external(t.url(), t.user(), t.password(), 2);
    ds = db.dataSource();
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  @Test
  void verifiesThatEachOutcomeIsWrittenAndReadBackForItsAlertOnly() throws Exception {
    long alert = insertAlert();
    long other = insertAlert();
    List<DeliveryRecord> written =
        List.of(
            new DeliveryRecord(
                alert,
                "ops",
                AlertEvent.OPENED,
                DeliveryStatus.DELIVERED,
                3,
                null,
                T0,
                T0.plusSeconds(6)),
            new DeliveryRecord(
                alert,
                "dt",
                AlertEvent.OPENED,
                DeliveryStatus.FAILED,
                8,
                "errcode 310000: sign not match",
                T0,
                T0.plusSeconds(300)),
            new DeliveryRecord(
                alert,
                "ops",
                AlertEvent.RESOLVED,
                DeliveryStatus.DROPPED,
                0,
                "queue full",
                null,
                T0.plusSeconds(900)));
    DeliveryRecord elsewhere =
        new DeliveryRecord(
            other, "ops", AlertEvent.OPENED, DeliveryStatus.DELIVERED, 1, null, T0, T0);

    JdbcDeliveryLog log = new JdbcDeliveryLog(ds);
    written.forEach(log::record);
    log.record(elsewhere);
    log.close(); // drains the writer thread

    assertThat(log.forAlert(alert)).containsExactlyElementsOf(written);
    assertThat(log.forAlert(other)).containsExactly(elsewhere);
    assertThat(log.forAlert(other + 1_000)).isEmpty();
    assertThat(written.get(1).toJson().encode())
        .isEqualTo(
            "{\"alert_id\":"
                + alert
                + ",\"target\":\"dt\",\"event\":\"opened\",\"status\":\"failed\",\"attempts\":8,"
                + "\"last_error\":\"errcode 310000: sign not match\","
                + "\"first_try_at\":\"2026-07-01T04:00:00.123456Z\","
                + "\"finished_at\":\"2026-07-01T04:05:00.123456Z\"}");
  }

  @Test
  void verifiesThatARecordForAnUnknownAlertIsRefusedByTheForeignKeyWithoutHarm() throws Exception {
    JdbcDeliveryLog log = new JdbcDeliveryLog(ds);
    log.write(
        new DeliveryRecord(
            987_654, "ops", AlertEvent.OPENED, DeliveryStatus.DELIVERED, 1, null, T0, T0));
    long alert = insertAlert();
    DeliveryRecord ok =
        new DeliveryRecord(
            alert, "ops", AlertEvent.OPENED, DeliveryStatus.DELIVERED, 1, null, T0, T0);
    log.write(ok);
    log.close();

    assertThat(log.forAlert(987_654)).isEmpty();
    assertThat(log.forAlert(alert)).containsExactly(ok);
  }

  @Test
  void verifiesThatTheTableRefusesUnknownStatusesAndEvents() throws Exception {
    long alert = insertAlert();
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      assertThatThrownBy(
              () ->
                  st.executeUpdate(
                      "INSERT INTO alert_delivery (alert_id, target, event, status, attempts,"
                          + " finished_at) VALUES ("
                          + alert
                          + ", 'ops', 'opened', 'sent', 1, now())"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("status");
      assertThatThrownBy(
              () ->
                  st.executeUpdate(
                      "INSERT INTO alert_delivery (alert_id, target, event, status, attempts,"
                          + " finished_at) VALUES ("
                          + alert
                          + ", 'ops', 'closed', 'delivered', 1, now())"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("event");
    }
  }

  @Test
  void verifiesThatANotifierDeliveryEndsUpAsARow() throws Exception {
    long alert = insertAlert();
    Vertx vertx = Vertx.vertx();
    JdbcDeliveryLog log = new JdbcDeliveryLog(ds);
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx, WebhookReceiver.Answer.of(503));
        WebhookNotifier notifier =
            new WebhookNotifier(
                vertx,
                List.of(new WebhookTarget("ops", WebhookFormat.GENERIC, receiver.url("/in"), "k")),
                new RetryPolicy(
                    Duration.ofMillis(10),
                    2,
                    Duration.ofMillis(50),
                    3,
                    Duration.ofSeconds(2),
                    false),
                log)) {
      notifier.notify(
          new AlertNotice(
              AlertEvent.OPENED,
              alert,
              "device_offline",
              AlertSeverity.WARNING,
              "st-1",
              null,
              "dev-1",
              "went offline",
              T0,
              null,
              null));

      List<DeliveryRecord> rows = List.of();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (rows.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
        rows = log.forAlert(alert);
      }
      assertThat(rows).hasSize(1);
      DeliveryRecord r = rows.get(0);
      assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(r.target()).isEqualTo("ops");
      assertThat(r.firstTryAt()).isBeforeOrEqualTo(r.finishedAt());
    } finally {
      log.close();
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private long insertAlert() throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alert (kind, station_id, device_id, severity, opened_at, detail)"
                    + " VALUES ('device_offline', 'st-1', 'dev-1', 'warning', now(), 'test')"
                    + " RETURNING id")) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
