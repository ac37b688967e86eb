package org.yizhan.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How soon a stored reading shows up for users: provisions its own device on one station, publishes
 * one QoS 1 reading every {@code 1000 / rate} ms, and for each measures (a) publish to PUBACK, (b)
 * PUBACK to the reading's arrival on the SSE stream ({@code /api/v1/live} filtered to the station's
 * box), and (c) PUBACK to the first {@code GET /api/v1/stations/{id}} whose live value carries the
 * reading, polling every 2 ms from the PUBACK on. Run it while the simulator loads the server, so
 * the figures are under load.
 *
 * <pre>java -cp benchmarks.jar org.yizhan.bench.VisibilityProbe HTTP_BASE MQTT_HOST MQTT_PORT
 * ADMIN_TOKEN STATION_ID RATE_PER_S DURATION_S OUT_FILE</pre>
 *
 * STATION_ID {@code auto} takes the second station in id order, one the simulator leaves alone.
 *
 * <p>Prints one {@code VISIBILITY ...} line (also written to OUT_FILE).
 */
public final class VisibilityProbe {

  /** A reading never seen within this long counts as missed. */
  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** The firmware contract's limit of unacknowledged QoS 1 PUBLISHes; the server enforces it. */
  private static final int RECEIVE_MAXIMUM = 10;

  private final java.util.concurrent.atomic.AtomicInteger unacknowledged =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger skipped =
      new java.util.concurrent.atomic.AtomicInteger();

  private final Vertx vertx = Vertx.vertx();
  private final String httpBase;
  private String stationId;
  private final HttpClient http;

  /**
   * The SSE stream's own client: its one long response must not hold a connection the polls need.
   */
  private final HttpClient sse;

  private final Map<Instant, Probe> byTs = new ConcurrentHashMap<>();
  private final Map<Integer, Probe> byPacketId = new ConcurrentHashMap<>();
  private final List<Probe> all = Collections.synchronizedList(new ArrayList<>());

  private static final class Probe {
    final Instant ts;
    final long published;
    volatile long acked;
    volatile long sse;
    volatile long httpSeen;

    Probe(Instant ts, long published) {
      this.ts = ts;
      this.published = published;
    }
  }

  private VisibilityProbe(String httpBase, String stationId) {
    this.httpBase = httpBase;
    this.stationId = stationId;
    URI u = URI.create(httpBase);
    HttpClientOptions options =
        new HttpClientOptions()
            .setDefaultHost(u.getHost())
            .setDefaultPort(u.getPort())
            .setKeepAlive(true);
    // Enough connections that polls never queue in the client (Vert.x's default is 5).
    this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(64));
    this.sse = vertx.createHttpClient(options);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 8) {
      System.err.println(
          "usage: VisibilityProbe HTTP_BASE MQTT_HOST MQTT_PORT ADMIN_TOKEN STATION_ID RATE DURATION_S OUT");
      System.exit(2);
    }
    VisibilityProbe p = new VisibilityProbe(args[0], args[4]);
    String line =
        p.run(
            args[1],
            Integer.parseInt(args[2]),
            args[3],
            Double.parseDouble(args[5]),
            Double.parseDouble(args[6]));
    System.out.println(line);
    Files.writeString(Path.of(args[7]), line + "\n");
    System.exit(0);
  }

  private String run(String mqttHost, int mqttPort, String token, double rate, double durationS)
      throws Exception {
    if (stationId.equals("auto")) {
      // The simulator gives devices to evenly spaced stations in id order starting with the first,
      // so (with fewer devices than half the stations) the second station has none of its own.
      stationId =
          getJson("/api/v1/stations?limit=2", null)
              .getJsonArray("features")
              .getJsonObject(1)
              .getString("id");
    }
    JsonObject station = getJson("/api/v1/stations/" + stationId, null);
    JsonArray c = station.getJsonObject("geometry").getJsonArray("coordinates");
    double lon = c.getDouble(0);
    double lat = c.getDouble(1);
    JsonObject device =
        postJson("/api/v1/devices", token, new JsonObject().put("station_id", stationId));
    String deviceId = device.getString("id");

    openSse(lon, lat);
    MqttClient mqtt =
        MqttClient.create(
            vertx,
            new MqttClientOptions()
                .setClientId(deviceId)
                .setUsername(device.getString("mqtt_username"))
                .setPassword(device.getString("secret"))
                .setCleanSession(true)
                .setMaxInflightQueue(RECEIVE_MAXIMUM));
    mqtt.publishCompletionHandler(
        packetId -> {
          Probe p = byPacketId.remove(packetId);
          unacknowledged.decrementAndGet();
          if (p != null) {
            p.acked = System.nanoTime();
            pollHttp(p);
          }
        });
    mqtt.connect(mqttPort, mqttHost)
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    Thread.sleep(1000); // let the SSE subscription settle

    String topic = "yz/v1/st/" + stationId + "/dev/" + deviceId + "/telemetry";
    long periodMs = Math.max(1, Math.round(1000 / rate));
    long count = Math.round(durationS * rate);
    CountDownLatch sent = new CountDownLatch(1);
    long[] seq = {0};
    vertx.setPeriodic(
        periodMs,
        id -> {
          if (seq[0] >= count) {
            vertx.cancelTimer(id);
            sent.countDown();
            return;
          }
          if (unacknowledged.get() >= RECEIVE_MAXIMUM) {
            // The contract's window is full (the server is slow to commit): this probe is not
            // sent, as a device would wait, and is counted as skipped.
            skipped.incrementAndGet();
            return;
          }
          seq[0]++;
          Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
          String payload =
              new JsonObject()
                  .put("seq", seq[0])
                  .put("ts", ts.toString())
                  .put("occupancy", (int) (seq[0] % 4))
                  .put("temperature_c", 24.5)
                  .encode();
          Probe p = new Probe(ts, System.nanoTime());
          byTs.put(ts, p);
          all.add(p);
          unacknowledged.incrementAndGet();
          mqtt.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
              .onSuccess(packetId -> byPacketId.put(packetId, p));
        });
    sent.await();
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(GIVE_UP_NANOS) + 500);
    mqtt.disconnect();
    return summary();
  }

  /** Follows the SSE stream; each event lists changed stations with their live values. */
  private void openSse(double lon, double lat) {
    String bbox = (lon - 0.01) + "," + (lat - 0.01) + "," + (lon + 0.01) + "," + (lat + 0.01);
    StringBuilder pending = new StringBuilder();
    sse.request(HttpMethod.GET, "/api/v1/live?bbox=" + bbox)
        .compose(req -> req.putHeader("Accept", "text/event-stream").send())
        .onSuccess(
            res ->
                res.handler(
                    chunk -> {
                      long now = System.nanoTime();
                      pending.append(chunk.toString());
                      int end;
                      while ((end = pending.indexOf("\n\n")) >= 0) {
                        String event = pending.substring(0, end);
                        pending.delete(0, end + 2);
                        onSseEvent(event, now);
                      }
                    }))
        .onFailure(e -> System.err.println("SSE failed: " + e));
  }

  private void onSseEvent(String event, long now) {
    for (String line : event.split("\n")) {
      if (!line.startsWith("data: ")) {
        continue;
      }
      JsonArray stations = new JsonObject(line.substring(6)).getJsonArray("stations");
      for (int i = 0; i < stations.size(); i++) {
        JsonObject s = stations.getJsonObject(i);
        if (stationId.equals(s.getString("id"))) {
          Probe shown = probeOf(s.getJsonObject("live"));
          if (shown != null) {
            // Readings stored in one batch reach the stream as one change showing the newest:
            // the event delivers every probe up to the one it shows.
            synchronized (all) {
              for (Probe p : all) {
                if (p.sse == 0 && !p.ts.isAfter(shown.ts)) {
                  p.sse = now;
                }
              }
            }
          }
        }
      }
    }
  }

  /** The probe whose reading a live object shows, if any. */
  private Probe probeOf(JsonObject live) {
    if (live == null || live.getString("occupancy_at") == null) {
      return null;
    }
    return byTs.get(Instant.parse(live.getString("occupancy_at")));
  }

  private void pollHttp(Probe p) {
    http.request(HttpMethod.GET, "/api/v1/stations/" + stationId)
        .compose(req -> req.send().compose(res -> res.body()))
        .onComplete(
            ar -> {
              long now = System.nanoTime();
              if (ar.succeeded()) {
                JsonObject f = new JsonObject(ar.result());
                JsonObject live = f.getJsonObject("properties").getJsonObject("live");
                Probe seen = probeOf(live);
                // A later reading also proves this one was stored and shown in order.
                if (seen != null && !seen.ts.isBefore(p.ts)) {
                  p.httpSeen = now;
                  return;
                }
              }
              if (now - p.acked < GIVE_UP_NANOS) {
                vertx.setTimer(2, t -> pollHttp(p));
              }
            });
  }

  private String summary() {
    List<Double> ack = new ArrayList<>();
    List<Double> sse = new ArrayList<>();
    List<Double> httpDelay = new ArrayList<>();
    int missedAck = 0;
    int missedSse = 0;
    int missedHttp = 0;
    synchronized (all) {
      for (Probe p : all) {
        if (p.acked == 0) {
          missedAck++;
          continue;
        }
        ack.add((p.acked - p.published) / 1e6);
        if (p.sse == 0) {
          missedSse++;
        } else {
          // An event can arrive before the client has processed the PUBACK: count that as 0.
          sse.add(Math.max(0, p.sse - p.acked) / 1e6);
        }
        if (p.httpSeen == 0) {
          missedHttp++;
        } else {
          httpDelay.add(Math.max(0, p.httpSeen - p.acked) / 1e6);
        }
      }
    }
    return String.format(
        "VISIBILITY probes=%d acked=%d ack_p50_ms=%.1f ack_p99_ms=%.1f "
            + "sse_n=%d sse_p50_ms=%.1f sse_p99_ms=%.1f sse_max_ms=%.1f sse_missed=%d "
            + "http_n=%d http_p50_ms=%.1f http_p99_ms=%.1f http_max_ms=%.1f http_missed=%d ack_missed=%d"
            + " skipped_window_full=%d",
        all.size(),
        ack.size(),
        pct(ack, 0.50),
        pct(ack, 0.99),
        sse.size(),
        pct(sse, 0.50),
        pct(sse, 0.99),
        pct(sse, 1.0),
        missedSse,
        httpDelay.size(),
        pct(httpDelay, 0.50),
        pct(httpDelay, 0.99),
        pct(httpDelay, 1.0),
        missedHttp,
        missedAck,
        skipped.get());
  }

  /** Nearest-rank percentile; NaN when empty. */
  private static double pct(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private JsonObject getJson(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(httpBase + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.GET().build());
  }

  private JsonObject postJson(String path, String token, JsonObject body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(httpBase + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build());
  }

  private static JsonObject send(HttpRequest req) throws Exception {
    HttpResponse<String> res =
        java.net.http.HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() / 100 != 2) {
      throw new IllegalStateException(req.uri() + " -> " + res.statusCode() + " " + res.body());
    }
    return new JsonObject(res.body());
  }
}
