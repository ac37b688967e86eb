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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies that the built-in endpoint sends PUBACKs in the order the PUBLISHes arrived on a
 * connection ([MQTT-4.6.0-2], [MQTT-4.6.0-3]), although a refused message is answered at once and a
 * stored one only after its commit: the raw packets show exactly the server's order.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PubackOrderIT {

  private static final String STATION = "po-st";
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);

  /** One PUBLISH of a round and what its PUBACK must say. */
  private record Sent(int packetId, long seq, boolean valid) {}

  @Test
  void pubacksFollowThePublishOrderWhateverAnswersFirst() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Server server =
        Server.start(
            TestServers.defaults()
                .withDatabase(db.url(), db.user(), db.password())
                .withHttpPort(TestServers.freePort()))) {
      Http http = new Http(server.port());
      http.createStation(STATION, "顺序", 112.55, 37.87);
      int port = server.config().mqtt().port();
      Random random = new Random(21);
      long seq = 0;
      int stored = 0;
      for (int version : new int[] {RawDevice.V311, RawDevice.V5}) {
        JsonObject d = http.provisionDevice(STATION, 60);
        String topic = "yz/v1/st/" + STATION + "/dev/" + d.getString("id") + "/telemetry";
        try (RawDevice device =
                RawDevice.connect(port, version, d.getString("id"), d.getString("secret"));
            Connection lock = DriverManager.getConnection(db.url(), db.user(), db.password())) {
          for (int round = 0; round < 8; round++) {
            // Valid and refused messages mixed, packet ids in no particular order.
            List<Sent> sent = new ArrayList<>();
            List<byte[]> packets = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
              // The first is stored and the last refused: the refusal, answered at once, must
              // still wait for the commit of the first.
              boolean valid = i == 0 || (i < 9 && random.nextBoolean());
              int packetId = 1 + round * 10 + (i * 7) % 10;
              sent.add(new Sent(packetId, seq, valid));
              packets.add(device.publish(topic, packetId, message(seq++, valid)));
            }
            boolean locked = round % 2 == 0;
            int validCount = (int) sent.stream().filter(Sent::valid).count();
            if (locked) {
              // The store is held up, so every refusal is surely answered before the first commit.
              lock.setAutoCommit(false);
              try (Statement st = lock.createStatement()) {
                st.execute("LOCK TABLE reading IN ACCESS EXCLUSIVE MODE");
              }
            }
            device.send(packets.toArray(byte[][]::new));
            if (locked) {
              waitForQueued(server, validCount);
              lock.rollback();
            }
            List<Integer> ids = new ArrayList<>();
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
              RawDevice.Packet p = device.read();
              assertThat(p.type())
                  .as("packet %d of round %d", i, round)
                  .isEqualTo(RawDevice.PUBACK);
              ids.add(p.packetId());
              codes.add(p.code());
            }
            assertThat(ids)
                .as("PUBACK packet ids, MQTT version %d, round %d", version, round)
                .containsExactlyElementsOf(sent.stream().map(Sent::packetId).toList());
            if (version == RawDevice.V5) {
              // Each answer belongs to its message: success for a stored one, 0x99 for a refusal.
              assertThat(codes)
                  .containsExactlyElementsOf(sent.stream().map(s -> s.valid() ? 0 : 0x99).toList());
            }
            stored += validCount;
          }
        }
      }
      assertThat(count(server, "SELECT count(*) FROM reading")).isEqualTo(stored);
    }
  }

  /** A reading, or one the contract refuses at once (occupancy below 0: schema_violation). */
  private static String message(long seq, boolean valid) {
    return "{\"seq\":"
        + seq
        + ",\"ts\":\""
        + T0.plusSeconds(seq)
        + "\",\"occupancy\":"
        + (valid ? 3 : -1)
        + "}";
  }

  /** Waits until the writer holds {@code n} readings: they arrived and wait for the lock. */
  private static void waitForQueued(Server server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.writer().queuedReadings() < n) {
      assertThat(System.nanoTime()).as("%d readings queued in time", n).isLessThan(deadline);
      Thread.sleep(10);
    }
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
