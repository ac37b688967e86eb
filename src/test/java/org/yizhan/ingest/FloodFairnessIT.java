package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Verifies that a flood from one device does not slow the others: a device that keeps its whole
 * Receive Maximum of large batches in flight, all the time, cannot put more than that window ahead
 * of another device's reading. Fairness comes from two things: each connection may have at most 10
 * QoS 1 messages unacknowledged (a device that exceeds it is disconnected), and the one writer
 * takes whatever is queued, from all devices, in arrival order. So between a quiet device's PUBLISH
 * and its PUBACK only a bounded number of the flooder's messages can be acknowledged, however long
 * the flood lasts. The assertion counts messages, not milliseconds; the latencies are logged.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FloodFairnessIT {

  private static final Logger LOG = LoggerFactory.getLogger(FloodFairnessIT.class);
  private static final String STATION = "ff-st";
  private static final Instant T0 =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(6 * 3600);
  private static final int WINDOW = 10;
  private static final int BATCH = 200;
  private static final int QUIET_MESSAGES = 40;

  /**
   * A flooder's PUBACKs that can come between one quiet PUBLISH and its PUBACK: the window already
   * queued ahead of it, the window that may share its batch, and the window the flooder refills
   * while the quiet PUBACK travels back. A writer that let a device's backlog grow beyond its
   * window (or served devices in turn by backlog) would exceed it many times over.
   */
  private static final int MOST_FLOOD_ACKS_BETWEEN = 3 * WINDOW;

  @Test
  void aQuietDeviceIsNotQueuedBehindAFlooder() throws Exception {
    try (Server server = TestServers.start(java.util.Optional.empty())) {
      Http http = new Http(server.port());
      http.createStation(STATION, "洪水", 112.55, 37.87);
      JsonObject flooder = http.provisionDevice(STATION, 60);
      JsonObject quiet = http.provisionDevice(STATION, 60);
      int port = server.config().mqtt().port();
      AtomicInteger floodAcks = new AtomicInteger();
      CompletableFuture<Void> flooding = new CompletableFuture<>();
      Thread flood = new Thread(() -> flood(port, flooder, floodAcks, flooding), "ff-flooder");
      try (RawDevice q =
          RawDevice.connect(
              port, RawDevice.V311, quiet.getString("id"), quiet.getString("secret"))) {
        flood.start();
        // The flood is under way: the writer has seen several windows of it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (floodAcks.get() < 3 * WINDOW) {
          assertThat(System.nanoTime()).as("the flood got going").isLessThan(deadline);
          assertThat(flooding).isNotDone();
          Thread.sleep(10);
        }
        int floodAcksBefore = floodAcks.get();
        List<Integer> between = new ArrayList<>();
        List<Long> latencyUs = new ArrayList<>();
        String topic = "yz/v1/st/" + STATION + "/dev/" + quiet.getString("id") + "/telemetry";
        for (int i = 0; i < QUIET_MESSAGES; i++) {
          String json = "{\"seq\":" + i + ",\"ts\":\"" + T0.plusSeconds(i) + "\",\"occupancy\":1}";
          int before = floodAcks.get();
          long t0 = System.nanoTime();
          q.send(q.publish(topic, i + 1, json));
          RawDevice.Packet ack = q.read();
          latencyUs.add((System.nanoTime() - t0) / 1_000);
          between.add(floodAcks.get() - before);
          assertThat(ack.type()).isEqualTo(RawDevice.PUBACK);
          assertThat(ack.packetId()).isEqualTo(i + 1);
          Thread.sleep(50); // a normal device's pace, far below the flooder's
        }
        int floodDuring = floodAcks.get() - floodAcksBefore;
        flooding.complete(null);
        flood.join(20_000);
        List<Long> sorted = latencyUs.stream().sorted().toList();
        LOG.info(
            "flood fairness: {} flood messages ({} readings) acknowledged during {} quiet ones;"
                + " quiet PUBACK median {} us, max {} us; flood PUBACKs between a quiet PUBLISH"
                + " and its PUBACK: {}",
            floodDuring,
            floodDuring * BATCH,
            QUIET_MESSAGES,
            sorted.get(sorted.size() / 2),
            sorted.get(sorted.size() - 1),
            between);
        assertThat(floodDuring)
            .as("the flooder kept the writer busy throughout (else the test proves nothing)")
            .isGreaterThanOrEqualTo(QUIET_MESSAGES);
        assertThat(between)
            .as("flood PUBACKs between each quiet PUBLISH and its PUBACK")
            .allMatch(n -> n <= MOST_FLOOD_ACKS_BETWEEN);
      } finally {
        flooding.complete(null);
        flood.join(20_000);
      }
    }
  }

  /** Keeps {@link #WINDOW} batches of {@link #BATCH} readings in flight until told to stop. */
  private static void flood(
      int port, JsonObject d, AtomicInteger acks, CompletableFuture<Void> flooding) {
    String topic = "yz/v1/st/" + STATION + "/dev/" + d.getString("id") + "/telemetry";
    try (RawDevice f =
        RawDevice.connect(port, RawDevice.V311, d.getString("id"), d.getString("secret"))) {
      int next = 0;
      for (; next < WINDOW; next++) {
        f.send(f.publish(topic, next % 60_000 + 1, batch(next)));
      }
      while (!flooding.isDone()) {
        RawDevice.Packet p = f.read();
        if (p.type() != RawDevice.PUBACK) {
          throw new IllegalStateException("flooder got packet type " + p.type());
        }
        acks.incrementAndGet();
        f.send(f.publish(topic, next % 60_000 + 1, batch(next)));
        next++;
      }
    } catch (IOException | RuntimeException e) {
      flooding.completeExceptionally(e);
    }
  }

  /** Message {@code k} of the flood: readings {@code k*BATCH} and on, 10 ms apart. */
  private static String batch(int k) {
    StringBuilder sb = new StringBuilder("{\"readings\":[");
    for (int i = 0; i < BATCH; i++) {
      long seq = (long) k * BATCH + i;
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"seq\":")
          .append(seq)
          .append(",\"ts\":\"")
          .append(T0.plusMillis(seq * 10))
          .append("\",\"occupancy\":")
          .append(seq % 7)
          .append('}');
    }
    return sb.append("]}").toString();
  }
}
