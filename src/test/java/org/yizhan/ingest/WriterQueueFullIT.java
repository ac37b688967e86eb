package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies the back-pressure promise of docs/ingest.md: when the writer's queue is full, the
 * publish that found it full is not acknowledged and its connection is closed; once the database
 * answers again the device resends and every reading is stored exactly once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WriterQueueFullIT {

  private static final String STATION = "wq-st";
  private static final int QUEUE = 5;
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);

  @Test
  void aPublishFindingTheQueueFullIsNotAcknowledgedAndItsConnectionCloses() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Server server =
            Server.start(
                TestServers.defaults()
                    .withDatabase(db.url(), db.user(), db.password())
                    .withHttpPort(TestServers.freePort())
                    .withWriterQueueReadings(QUEUE));
        Connection lock = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      Http http = new Http(server.port());
      http.createStation(STATION, "队列", 112.55, 37.87);
      JsonObject a = http.provisionDevice(STATION, 60);
      JsonObject b = http.provisionDevice(STATION, 60);
      int port = server.config().mqtt().port();

      // The database is held up: the writer takes a batch and waits on the lock.
      lock.setAutoCommit(false);
      try (Statement st = lock.createStatement()) {
        st.execute("LOCK TABLE reading IN ACCESS EXCLUSIVE MODE");
      }
      try (RawDevice filler = connect(port, a);
          RawDevice late = connect(port, b)) {
        List<byte[]> fill = new ArrayList<>();
        for (int seq = 0; seq < QUEUE; seq++) {
          fill.add(filler.publish(topic(a), seq + 1, reading(seq)));
        }
        filler.send(fill.toArray(byte[][]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.writer().queuedReadings() < QUEUE) {
          assertThat(System.nanoTime()).as("the queue filled in time").isLessThan(deadline);
          Thread.sleep(10);
        }

        late.send(late.publish(topic(b), 1, reading(100)));
        assertThat(late.closedWithoutPacket())
            .as("the publish that found the queue full: no PUBACK, connection closed")
            .isNull();
        assertThat(server.writer().queuedReadings()).as("nothing of it queued").isEqualTo(QUEUE);

        // The database answers again: the queued readings commit and are acknowledged on the
        // connection that is still open, in order.
        lock.rollback();
        for (int id = 1; id <= QUEUE; id++) {
          RawDevice.Packet p = filler.read();
          assertThat(p.type()).isEqualTo(RawDevice.PUBACK);
          assertThat(p.packetId()).isEqualTo(id);
        }
      }
      assertThat(count(server, "SELECT count(*) FROM reading WHERE seq = 100"))
          .as("the refused publish was not stored")
          .isZero();

      // The device resends after reconnecting; a resent reading that was stored is stored once.
      try (RawDevice late = connect(port, b);
          RawDevice filler = connect(port, a)) {
        late.send(late.publish(topic(b), 1, reading(100)));
        assertThat(late.read().packetId()).isEqualTo(1);
        filler.send(filler.publish(topic(a), 7, reading(0)));
        assertThat(filler.read().packetId()).isEqualTo(7);
      }
      assertThat(count(server, "SELECT count(*) FROM reading")).isEqualTo(QUEUE + 1);
      assertThat(
              count(
                  server,
                  "SELECT count(*) FROM (SELECT device_id, seq FROM reading"
                      + " GROUP BY 1, 2 HAVING count(*) > 1) d"))
          .isZero();
    }
  }

  private static RawDevice connect(int port, JsonObject device) throws Exception {
    return RawDevice.connect(
        port, RawDevice.V311, device.getString("id"), device.getString("secret"));
  }

  private static String topic(JsonObject device) {
    return "yz/v1/st/" + STATION + "/dev/" + device.getString("id") + "/telemetry";
  }

  private static String reading(long seq) {
    return "{\"seq\":" + seq + ",\"ts\":\"" + T0.plusSeconds(seq) + "\",\"occupancy\":2}";
  }

  private static long count(Server server, String sql) throws Exception {
    try (Connection c = server.database().dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
