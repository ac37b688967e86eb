package org.yizhan.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The users of the soak benchmark ({@code bench/run-soak.sh}), at fixed rates rather than flat out:
 * phones asking for the nearest stations at random points of a box, administrators reading the
 * device table, the refusal log and the fleet summary, and map pages following the live stream (see
 * {@link SoakSse}). Every window it prints one {@code SOAK_WINDOW} line with each kind's counts,
 * failures and latencies and the streams' events; at the end one {@code SOAK_TOTAL} line.
 *
 * <pre>java -cp benchmarks.jar org.yizhan.bench.SoakLoad HTTP_BASE ADMIN_TOKEN_FILE DURATION_S
 * [nearby_per_s=30] [admin_per_s=5] [sse_clients=20] [bbox=110.2,34.5,114.6,40.8]
 * [window_s=60] [timeout_ms=5000] [max_waiting=200] [seed=13]</pre>
 *
 * The token is read from a file so that it never shows in a process listing.
 */
public final class SoakLoad {

  /** What a request asks for; the admin kinds take turns. */
  private enum Kind {
    NEARBY("nearby"),
    DEVICES("devices"),
    REJECTIONS("rejections"),
    FLEET("fleet");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private record Answer(int status, Buffer body) {}

  private static final Kind[] ADMIN = {Kind.DEVICES, Kind.REJECTIONS, Kind.FLEET};
  private static final long TICK_MS = 10;

  private final Vertx vertx;
  private final HttpClient http;
  private final String token;
  private final Map<String, String> opts;
  private final double[] box;
  private final SplittableRandom random;
  private final Map<Kind, SoakStats> window = new EnumMap<>(Kind.class);
  private final Map<Kind, SoakStats> total = new EnumMap<>(Kind.class);
  private final Map<Kind, Integer> waiting = new EnumMap<>(Kind.class);
  private final long timeoutMs;
  private final int maxWaiting;
  private int errorsShown;

  private SoakLoad(Vertx vertx, URI base, String token, Map<String, String> opts) {
    this.vertx = vertx;
    this.token = token;
    this.opts = opts;
    this.box = parseBox(opts.get("bbox"));
    this.random = new SplittableRandom(Long.parseLong(opts.get("seed")));
    this.timeoutMs = Long.parseLong(opts.get("timeout_ms"));
    this.maxWaiting = Integer.parseInt(opts.get("max_waiting"));
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort())
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(64));
    for (Kind k : Kind.values()) {
      window.put(k, new SoakStats());
      total.put(k, new SoakStats());
      waiting.put(k, 0);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: SoakLoad HTTP_BASE ADMIN_TOKEN_FILE DURATION_S [name=value ...]"
              + " (nearby_per_s, admin_per_s, sse_clients, bbox, window_s, timeout_ms, seed)");
      System.exit(2);
    }
    Map<String, String> opts = new HashMap<>();
    opts.put("nearby_per_s", "30");
    opts.put("admin_per_s", "5");
    opts.put("sse_clients", "20");
    opts.put("bbox", "110.2,34.5,114.6,40.8"); // the Shanxi demo network's box
    opts.put("window_s", "60");
    opts.put("timeout_ms", "5000");
    opts.put("max_waiting", "200");
    opts.put("seed", "13");
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      if (kv.length != 2 || !opts.containsKey(kv[0])) {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
      opts.put(kv[0], kv[1]);
    }
    URI base = URI.create(args[0]);
    String token = Files.readString(Path.of(args[1])).trim();
    double durationS = Double.parseDouble(args[2]);

    // One event loop for the requests and another for the streams: the streams' bytes never
    // delay a request's answer in this client, and the client never takes more than two cores.
    Vertx requests = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Vertx streams = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    SoakSse sse =
        new SoakSse(
            streams,
            base.getHost(),
            base.getPort(),
            opts.get("bbox"),
            Integer.parseInt(opts.get("sse_clients")));
    SoakLoad load = new SoakLoad(requests, base, token, opts);
    CountDownLatch done = new CountDownLatch(1);
    streams.runOnContext(v -> sse.start());
    requests.runOnContext(v -> load.run(durationS, sse, done));
    done.await((long) durationS + 60, TimeUnit.SECONDS);
    sse.stop();
    requests.close().await(10, TimeUnit.SECONDS);
    streams.close().await(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  /** Sends at the configured rates until the duration is over, printing a line per window. */
  private void run(double durationS, SoakSse sse, CountDownLatch done) {
    double nearbyRate = Double.parseDouble(opts.get("nearby_per_s"));
    double adminRate = Double.parseDouble(opts.get("admin_per_s"));
    long windowNanos = (long) (Double.parseDouble(opts.get("window_s")) * 1e9);
    long start = System.nanoTime();
    long end = start + (long) (durationS * 1e9);
    long[] sent = {0, 0}; // nearby, admin
    long[] windows = {0};
    vertx.setPeriodic(
        TICK_MS,
        id -> {
          long now = System.nanoTime();
          double elapsedS = (now - start) / 1e9;
          // Open loop: what is due by now goes out now, whatever the answers so far.
          while (sent[0] < nearbyRate * elapsedS) {
            send(Kind.NEARBY, nearbyPath());
            sent[0]++;
          }
          while (sent[1] < adminRate * elapsedS) {
            Kind k = ADMIN[(int) (sent[1] % ADMIN.length)];
            send(k, adminPath(k));
            sent[1]++;
          }
          if (now - start >= (windows[0] + 1) * windowNanos) {
            windows[0]++;
            printWindow(windows[0], (now - start) / 1e9, sse);
          }
          if (now >= end) {
            vertx.cancelTimer(id);
            // Answers still on their way get the timeout to arrive, then the totals.
            vertx.setTimer(timeoutMs + 500, t -> printTotals(done));
          }
        });
  }

  private String nearbyPath() {
    double lon = box[0] + random.nextDouble() * (box[2] - box[0]);
    double lat = box[1] + random.nextDouble() * (box[3] - box[1]);
    return String.format(Locale.ROOT, "/api/v1/stations/nearby?lat=%.5f&lon=%.5f", lat, lon);
  }

  private static String adminPath(Kind k) {
    return switch (k) {
      case DEVICES -> "/api/v1/devices?limit=100";
      case REJECTIONS -> "/api/v1/rejections";
      case FLEET -> "/api/v1/fleet/summary";
      case NEARBY -> throw new IllegalArgumentException("not an admin read");
    };
  }

  private void send(Kind kind, String path) {
    if (waiting.get(kind) >= maxWaiting) {
      window.get(kind).shed();
      return;
    }
    waiting.merge(kind, 1, Integer::sum);
    RequestOptions req =
        new RequestOptions().setMethod(HttpMethod.GET).setURI(path).setTimeout(timeoutMs);
    if (kind != Kind.NEARBY) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    long t0 = System.nanoTime();
    http.request(req)
        .compose(r -> r.send().compose(res -> res.body().map(b -> new Answer(res.statusCode(), b))))
        .onComplete(
            ar -> {
              waiting.merge(kind, -1, Integer::sum);
              double ms = (System.nanoTime() - t0) / 1e6;
              if (ar.succeeded()) {
                Answer a = ar.result();
                boolean ok = a.status() / 100 == 2;
                window.get(kind).answered(ms, ok);
                if (!ok) {
                  showError(kind, a.status() + " " + a.body());
                }
              } else {
                Throwable e = ar.cause();
                boolean timeout =
                    e instanceof TimeoutException
                        || e.getClass().getSimpleName().contains("Timeout");
                window.get(kind).failed(timeout);
                showError(kind, e.toString());
              }
            });
  }

  /** The first few failures in full on stderr, so that a run's errors can be told apart. */
  private void showError(Kind kind, String what) {
    if (errorsShown++ < 10) {
      String s = what.length() > 300 ? what.substring(0, 300) + "..." : what;
      System.err.println("soak: " + kind.label + " failed: " + s);
    }
  }

  private void printWindow(long n, double tS, SoakSse sse) {
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, "SOAK_WINDOW minute=%d t_s=%.1f", n, tS));
    for (Kind k : Kind.values()) {
      SoakStats w = window.get(k);
      line.append(' ').append(w.fields(k.label));
      total.get(k).addAll(w);
      window.put(k, new SoakStats());
    }
    line.append(' ').append(sse.windowFields());
    System.out.println(line);
  }

  private void printTotals(CountDownLatch done) {
    StringBuilder line = new StringBuilder("SOAK_TOTAL");
    for (Kind k : Kind.values()) {
      total.get(k).addAll(window.get(k));
      line.append(' ').append(total.get(k).fields(k.label));
    }
    System.out.println(line);
    done.countDown();
  }

  private static double[] parseBox(String bbox) {
    String[] p = bbox.split(",");
    if (p.length != 4) {
      throw new IllegalArgumentException("bbox must be minLon,minLat,maxLon,maxLat: " + bbox);
    }
    double[] b = new double[4];
    for (int i = 0; i < 4; i++) {
      b[i] = Double.parseDouble(p[i]);
    }
    return b;
  }
}
