package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yizhan.testing.ServerProcess;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies that the embedded default (what the README runs) keeps every acknowledged reading
 * exactly once through repeated SIGKILLs at random points: of the server alone, which leaves its
 * PostgreSQL running as an orphan, and of the server together with its PostgreSQL. After each kill
 * the server restarts on the same data directory at the first attempt and the device resends what
 * was never acknowledged.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CrashLoopIT {

  private static final int KILLS = 3;

  @ParameterizedTest(name = "postgres killed too: {0}")
  @ValueSource(booleans = {false, true})
  void acknowledgedReadingsSurviveRepeatedKillsExactlyOnce(boolean killPostgresToo)
      throws Exception {
    Random random = new Random();
    Path dir = Files.createTempDirectory("yizhan-crash-loop");
    int http = TestServers.freePort();
    int mqtt = TestServers.freePort();
    Map<String, String> env = Map.of("YIZHAN_ADMIN_TOKEN", TestServers.ADMIN_TOKEN);
    String broker = "tcp://127.0.0.1:" + mqtt;
    Set<Long> sent = new HashSet<>();
    Set<Long> acked = new HashSet<>();
    String[] device = null;
    long nextSeq = 1;
    for (int round = 0; round <= KILLS; round++) {
      // Must come up at the first attempt, whatever the previous kill left behind.
      ServerProcess server = ServerProcess.start(dir, http, mqtt, env);
      try {
        if (device == null) {
          device = ZeroLossIT.provision(http);
        } else {
          assertStoredOnce(server, device[0], acked, "after kill " + round);
        }
        Set<Long> resend = new TreeSet<>(sent);
        resend.removeAll(acked);
        ZeroLossIT.Publisher p =
            new ZeroLossIT.Publisher(broker, device[0], device[1], resend, nextSeq);
        p.pauseMs = 0; // a full window: ten readings in flight when the kill comes
        if (round == KILLS) {
          finish(server, device[0], p, sent, acked, resend);
          FileUtils.deleteDirectory(dir.toFile()); // the database and its programs: 100 MB
          return;
        }
        int ackTarget = 150 + random.nextInt(600);
        p.awaitAcked(ackTarget, Duration.ofSeconds(60));
        Thread.sleep(random.nextInt(250));
        if (killPostgresToo) {
          server.killWithPostgres();
        } else {
          server.kill();
        }
        p.close();
        sent.addAll(p.sent);
        acked.addAll(p.ackedAtMs.keySet());
        nextSeq = p.nextSeq.get();
        // Published on the connection the kill cut, never acknowledged: what the device must
        // resend. (Not a snapshot taken before the kill: finding PostgreSQL's processes takes long
        // enough for a window of ten to be acknowledged meanwhile.)
        assertThat(p.inFlight()).as("readings in flight at kill %d", round + 1).isNotEmpty();
      } catch (Throwable t) {
        try {
          server.killWithPostgres(); // leave no PostgreSQL behind
        } catch (Exception noPostgres) {
          server.kill();
        }
        throw new AssertionError("round " + round + ", server log:\n" + server.log(), t);
      }
    }
  }

  /** Resends the rest, waits for every PUBACK, and checks the table: all sent, each once. */
  private static void finish(
      ServerProcess server,
      String device,
      ZeroLossIT.Publisher p,
      Set<Long> sent,
      Set<Long> acked,
      Set<Long> resend)
      throws Exception {
    assertThat(resend).as("unacknowledged readings to resend").isNotEmpty();
    await("the resent readings and 100 new ones acknowledged")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(5))
        .untilAsserted(
            () -> {
              assertThat(p.sent).as("sent").containsAll(resend);
              assertThat(p.ackedAtMs).as("acknowledged").hasSizeGreaterThan(resend.size() + 99);
            });
    p.running.set(false);
    p.awaitAllAcked(Duration.ofSeconds(30));
    p.close();
    sent.addAll(p.sent);
    acked.addAll(p.ackedAtMs.keySet());
    assertThat(acked).as("everything sent was acknowledged in the end").isEqualTo(sent);
    assertStoredOnce(server, device, acked, "at the end");
    TestDatabases.Db db = server.embeddedDatabase();
    assertThat(ZeroLossIT.stored(db.url(), db.user(), db.password(), device).keySet())
        .as("stored = acknowledged")
        .isEqualTo(acked);
    server.close();
  }

  private static void assertStoredOnce(
      ServerProcess server, String device, Set<Long> acked, String when) throws Exception {
    TestDatabases.Db db = server.embeddedDatabase();
    Map<Long, Long> rows = ZeroLossIT.stored(db.url(), db.user(), db.password(), device);
    Set<Long> missing = new TreeSet<>(acked);
    missing.removeAll(rows.keySet());
    assertThat(missing).as("acknowledged readings missing %s", when).isEmpty();
    assertThat(rows.entrySet())
        .as("readings stored more than once %s", when)
        .allMatch(e -> e.getValue() == 1L);
  }
}
