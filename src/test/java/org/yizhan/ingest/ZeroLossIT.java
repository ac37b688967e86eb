package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.ServerProcess;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies that a reading acknowledged to a device (QoS 1) is never lost: not when the server
 * process is killed mid-ingest, not when PostgreSQL goes away for 30 seconds.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ZeroLossIT {

  private static final String STATION = "zl-st";

  /** Readings are stamped from here on; a resent reading repeats its seq and its time. */
  private static final Instant T0 =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

  /** Publishes QoS 1 readings as fast as the in-flight window allows, remembering the PUBACKs. */
  static final class Publisher implements AutoCloseable {
    final Set<Long> sent = ConcurrentHashMap.newKeySet();

    /** Seqs the MQTT client accepted for the wire (a publish refused by a dead client is not). */
    final Set<Long> published = ConcurrentHashMap.newKeySet();

    final Map<Long, Long> ackedAtMs = new ConcurrentHashMap<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong lastAckMs = new AtomicLong();
    private final MqttAsyncClient client;
    private final Semaphore window = new Semaphore(10); // the contract's in-flight limit
    private final Thread thread;
    private final String topic;

    /** Pause between publishes; 0 keeps the in-flight window full. */
    volatile long pauseMs = 2;

    /** The next new seq: everything below it has been sent. */
    final AtomicLong nextSeq = new AtomicLong();

    Publisher(String broker, String device, String secret, long firstSeq) throws Exception {
      this(broker, device, secret, List.of(), firstSeq);
    }

    /**
     * Sends {@code resend} first (as a device resends what was never acknowledged), then new ones.
     */
    Publisher(String broker, String device, String secret, Collection<Long> resend, long firstSeq)
        throws Exception {
      client = new MqttAsyncClient(broker, device, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setUserName(device);
      o.setPassword(secret.toCharArray());
      o.setCleanSession(false);
      // The window above keeps at most 10 unacknowledged on the wire, the contract's limit.
      // Paho frees its own slot only after our PUBACK callback has run, so with its limit at 10
      // too a publish right after a release could fail with "too many publishes in progress".
      o.setMaxInflight(20);
      o.setAutomaticReconnect(false);
      client.connect(o).waitForCompletion(10_000);
      topic = "yz/v1/st/" + STATION + "/dev/" + device + "/telemetry";
      nextSeq.set(firstSeq);
      List<Long> todo = List.copyOf(resend);
      thread = new Thread(() -> loop(todo.iterator()), "zl-publisher");
      thread.start();
    }

    private void loop(Iterator<Long> resend) {
      try {
        while (running.get()) {
          if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            continue;
          }
          long s = resend.hasNext() ? resend.next() : nextSeq.getAndIncrement();
          String json =
              "{\"seq\":"
                  + s
                  + ",\"ts\":\""
                  + T0.plusMillis(s * 10)
                  + "\",\"occupancy\":"
                  + (s % 7)
                  + "}";
          MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
          m.setQos(1);
          sent.add(s);
          client.publish(
              topic,
              m,
              null,
              new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                  long now = System.currentTimeMillis();
                  ackedAtMs.put(s, now);
                  lastAckMs.set(now);
                  window.release();
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                  window.release();
                }
              });
          published.add(s);
          if (pauseMs > 0) {
            Thread.sleep(pauseMs);
          }
        }
      } catch (Exception e) {
        running.set(false); // connection lost: the server is gone
      }
    }

    /** Waits for a PUBACK for everything sent; fails naming what is still unacknowledged. */
    void awaitAllAcked(Duration timeout) {
      await("a PUBACK for every reading sent")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () -> assertThat(unacknowledged()).as("sent, never acknowledged").isEmpty());
    }

    /** Waits until at least {@code n} readings are acknowledged, or fails saying how many were. */
    void awaitAcked(int n, Duration timeout) {
      await(n + " readings acknowledged")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(5))
          .untilAsserted(
              () ->
                  assertThat(ackedAtMs.size())
                      .as("acknowledged (publisher running: %s)", running.get())
                      .isGreaterThanOrEqualTo(n));
    }

    /** Seqs handed to the client and never acknowledged: in flight when the connection went. */
    Set<Long> inFlight() {
      Set<Long> out = new TreeSet<>(published);
      out.removeAll(ackedAtMs.keySet());
      return out;
    }

    private Set<Long> unacknowledged() {
      Set<Long> out = new TreeSet<>(sent);
      out.removeAll(ackedAtMs.keySet());
      return out;
    }

    @Override
    public void close() throws Exception {
      running.set(false);
      thread.join(5_000);
      try {
        client.disconnectForcibly(1_000, 1_000);
      } catch (Exception ignored) {
        // already disconnected by the server's death
      }
      client.close(true);
    }
  }

  static String[] provision(int httpPort) throws Exception {
    Http http = new Http(httpPort);
    String station =
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[112.5,37.8]},"
            + "\"properties\":{\"id\":\""
            + STATION
            + "\",\"name_zh\":\"零丢失\",\"kind\":"
            + "\"urban_rest_station\",\"capacity\":10,\"opening_hours\":\"24/7\"}}";
    http.send(
        http.admin("/api/v1/stations")
            .header("Content-Type", "application/geo+json")
            .POST(BodyPublishers.ofString(station)));
    HttpResponse<String> dev =
        http.send(
            http.admin("/api/v1/devices")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"station_id\":\"" + STATION + "\"}")));
    assertThat(dev.statusCode()).as(dev.body()).isEqualTo(201);
    JsonObject d = new JsonObject(dev.body());
    return new String[] {d.getString("id"), d.getString("secret")};
  }

  /** Stored row count per seq of a device. */
  static Map<Long, Long> stored(String url, String user, String password, String device)
      throws Exception {
    Map<Long, Long> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT seq, count(*) FROM reading WHERE device_id = '"
                    + device
                    + "' GROUP BY seq")) {
      while (rs.next()) {
        out.put(rs.getLong(1), rs.getLong(2));
      }
    }
    return out;
  }

  @Test
  void everyAcknowledgedReadingSurvivesASigkillOfTheServerExactlyOnce() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    Path dir = Files.createTempDirectory("yizhan-kill");
    int http = TestServers.freePort();
    int mqtt = TestServers.freePort();
    Map<String, String> env =
        Map.of(
            "YIZHAN_DB_URL", db.url(),
            "YIZHAN_DB_USER", db.user(),
            "YIZHAN_DB_PASSWORD", db.password(),
            "YIZHAN_ADMIN_TOKEN", TestServers.ADMIN_TOKEN);
    String[] device;
    Set<Long> sent;
    Map<Long, Long> acked;
    try (ServerProcess first = ServerProcess.start(dir, http, mqtt, env)) {
      device = provision(http);
      Publisher p = new Publisher("tcp://127.0.0.1:" + mqtt, device[0], device[1], 1);
      p.awaitAcked(500, Duration.ofSeconds(60));
      p.pauseMs = 0; // a full window of ten from here on
      p.awaitAcked(p.ackedAtMs.size() + 20, Duration.ofSeconds(30));
      first.kill(); // mid-stream: readings in flight, some batches half done
      p.close();
      sent = Set.copyOf(p.sent);
      acked = Map.copyOf(p.ackedAtMs);
      // Without readings on the cut connection this would test a clean stop, not a kill.
      assertThat(p.inFlight())
          .as("readings published, never acknowledged at the kill")
          .isNotEmpty();
    }
    Map<Long, Long> rows = stored(db.url(), db.user(), db.password(), device[0]);
    assertThat(acked.size()).isGreaterThanOrEqualTo(500);
    for (Long seq : acked.keySet()) {
      assertThat(rows.get(seq)).as("acknowledged seq %d stored exactly once", seq).isEqualTo(1L);
    }
    assertThat(rows.values()).allMatch(n -> n == 1L);

    // The device resends what was never acknowledged; afterwards everything is there once.
    try (ServerProcess second = ServerProcess.start(dir, http, mqtt, env)) {
      Publisher again = new Publisher("tcp://127.0.0.1:" + mqtt, device[0], device[1], 1);
      long target = sent.stream().mapToLong(Long::longValue).max().orElse(0);
      await("the device resending seqs 1 to " + target)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .untilAsserted(
              () -> assertThat(again.sent).as("resent").hasSizeGreaterThanOrEqualTo((int) target));
      again.running.set(false);
      again.awaitAllAcked(Duration.ofSeconds(30));
      again.close();
      Map<Long, Long> after = stored(db.url(), db.user(), db.password(), device[0]);
      for (Long seq : sent) {
        assertThat(after.get(seq)).as("seq %d", seq).isEqualTo(1L);
      }
    }
  }

  @Test
  void aThirtySecondDatabaseOutageDelaysAcknowledgementsButLosesNothing() throws Exception {
    Path pgDir = Files.createTempDirectory("yizhan-outage-pg");
    int pgPort = TestServers.freePort();
    EmbeddedPostgres pg = startPg(pgDir, pgPort);
    String url = pg.getJdbcUrl("postgres", "postgres");
    Server server =
        Server.start(
            TestServers.defaults()
                .withDatabase(url, "postgres", "")
                .withHttpPort(TestServers.freePort()));
    try {
      String[] device = provision(server.port());
      Publisher p =
          new Publisher(
              "tcp://127.0.0.1:" + server.config().mqtt().port(), device[0], device[1], 1);
      Thread.sleep(3_000);
      long beforeOutage = p.ackedAtMs.size();
      pg.close(); // PostgreSQL is gone
      long outageStart = System.currentTimeMillis();
      Thread.sleep(30_000);
      long outageEnd = System.currentTimeMillis();
      long ackedDuringOutage =
          p.ackedAtMs.values().stream()
              .filter(t -> t > outageStart + 2_000 && t < outageEnd)
              .count();
      Set<Long> waitingThroughOutage = p.inFlight();
      pg = startPg(pgDir, pgPort); // back, same data
      Thread.sleep(2_000);
      p.running.set(false);
      p.awaitAllAcked(Duration.ofSeconds(60));
      p.close();

      assertThat(beforeOutage).isGreaterThan(100);
      assertThat(waitingThroughOutage)
          .as("readings published and waiting for their PUBACK when the outage ended")
          .isNotEmpty();
      assertThat(ackedDuringOutage).as("acknowledged while the database was down").isZero();
      assertThat(p.ackedAtMs.keySet())
          .as("everything sent was acknowledged in the end")
          .isEqualTo(p.sent);
      Map<Long, Long> rows = stored(url, "postgres", "", device[0]);
      for (Long seq : p.ackedAtMs.keySet()) {
        assertThat(rows.get(seq)).as("seq %d", seq).isEqualTo(1L);
      }
      assertThat(server.writer().isDatabaseUp()).isTrue();
    } finally {
      server.close();
      pg.close();
    }
  }

  private static EmbeddedPostgres startPg(Path dir, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }
}
