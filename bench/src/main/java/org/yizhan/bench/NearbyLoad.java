package org.yizhan.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Nearest-station queries at a fixed rate (open loop), for {@code bench/run-planning-load.sh}: a
 * request is due every {@code 1/rate} s whatever the answers so far, sent over a pool of keep-alive
 * connections from one event loop, so the generator stays light (one thread, no connection churn).
 *
 * <p>Latency is measured two ways: from the moment the request is handed to the client (as wrk
 * does; includes waiting for a free pooled connection), and from the moment it was due ({@code
 * sched}: also counts the generator's own lateness, so a stall of the generator or of the server
 * cannot hide requests that were never sent). {@code lag} is the generator's lateness alone.
 *
 * <p>The first {@code warmup_s} seconds are sent but not counted. With {@code watch=PATH} (and
 * {@code token_file}) the generator polls that planning run every 250 ms and ends the measurement
 * as soon as it is no longer {@code running}, so every counted request overlapped the run.
 *
 * <pre>java -cp benchmarks.jar org.yizhan.bench.NearbyLoad HTTP_BASE DURATION_S [rate=5000]
 * [warmup_s=2] [connections=32] [points=FILE] [limit=10] [watch=PATH] [token_file=FILE]
 * [timeout_ms=2000] [window_s=5] [tag=-] [seed=7]</pre>
 *
 * Prints a {@code NEARBY_WINDOW} line per window and one {@code NEARBY_RESULT} line at the end.
 */
public final class NearbyLoad {

  private static final long TICK_MS = 1;
  private static final int MAX_WAITING = 5_000;

  private final Vertx vertx;
  private final HttpClient http;
  private final Map<String, String> opts;
  private final List<String> paths;
  private final SplittableRandom random;
  private final long timeoutMs;
  private final Latencies send = new Latencies();
  private final Latencies sched = new Latencies();
  private final Latencies lag = new Latencies();
  private Latencies window = new Latencies();
  private long errors;
  private long timeouts;
  private long shed;
  private long sentMeasured;
  private int waiting;
  private boolean measuring;
  private boolean runEnded;
  private long measureStart;
  private long measureEnd;
  private int errorsShown;

  private NearbyLoad(Vertx vertx, URI base, Map<String, String> opts, List<String> paths) {
    this.vertx = vertx;
    this.opts = opts;
    this.paths = paths;
    this.random = new SplittableRandom(Long.parseLong(opts.get("seed")));
    this.timeoutMs = Long.parseLong(opts.get("timeout_ms"));
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort())
                .setKeepAlive(true)
                .setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(Integer.parseInt(opts.get("connections"))));
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: NearbyLoad HTTP_BASE DURATION_S [name=value ...]");
      System.exit(2);
    }
    Map<String, String> opts = new HashMap<>();
    opts.put("rate", "5000");
    opts.put("warmup_s", "2");
    opts.put("connections", "32");
    opts.put("points", "");
    opts.put("limit", "10");
    opts.put("watch", "");
    opts.put("token_file", "");
    opts.put("timeout_ms", "2000");
    opts.put("window_s", "5");
    opts.put("tag", "-");
    opts.put("seed", "7");
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      if (kv.length != 2 || !opts.containsKey(kv[0])) {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
      opts.put(kv[0], kv[1]);
    }
    URI base = URI.create(args[0]);
    double durationS = Double.parseDouble(args[1]);
    List<String> paths = paths(opts.get("points"), Integer.parseInt(opts.get("limit")));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    NearbyLoad load = new NearbyLoad(vertx, base, opts, paths);
    CountDownLatch done = new CountDownLatch(1);
    vertx.runOnContext(v -> load.run(durationS, done));
    double warmupS = Double.parseDouble(opts.get("warmup_s"));
    done.await((long) (durationS + warmupS) + 60, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  /** The query paths: one per line of the points file ("lat TAB lon"), or random over China. */
  private static List<String> paths(String file, int limit) throws IOException {
    List<String> out = new ArrayList<>();
    if (!file.isEmpty()) {
      for (String line : Files.readAllLines(Path.of(file))) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 2) {
          out.add(path(Double.parseDouble(f[0]), Double.parseDouble(f[1]), limit));
        }
      }
    } else {
      SplittableRandom r = new SplittableRandom(20221231);
      for (int i = 0; i < 4096; i++) {
        out.add(path(22 + 19 * r.nextDouble(), 102 + 20 * r.nextDouble(), limit));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no points in " + file);
    }
    return out;
  }

  private static String path(double lat, double lon, int limit) {
    return String.format(
        Locale.ROOT, "/api/v1/stations/nearby?lat=%.6f&lon=%.6f&limit=%d", lat, lon, limit);
  }

  private void run(double durationS, CountDownLatch done) {
    double rate = Double.parseDouble(opts.get("rate"));
    long warmupNanos = (long) (Double.parseDouble(opts.get("warmup_s")) * 1e9);
    long windowNanos = (long) (Double.parseDouble(opts.get("window_s")) * 1e9);
    long start = System.nanoTime();
    measureStart = start + warmupNanos;
    measureEnd = measureStart + (long) (durationS * 1e9);
    long[] sent = {0};
    long[] windows = {0};
    if (!opts.get("watch").isEmpty()) {
      watch();
    }
    vertx.setPeriodic(
        TICK_MS,
        id -> {
          long now = System.nanoTime();
          if (now >= measureEnd) {
            vertx.cancelTimer(id);
            measuring = false;
            // Answers still on their way get the timeout to arrive, then the result.
            vertx.setTimer(timeoutMs + 200, t -> printResult(done));
            return;
          }
          // Open loop: everything due by now goes out now, stamped with the time it was due.
          while (true) {
            long due = start + (long) (sent[0] * 1e9 / rate);
            if (due > now) {
              break;
            }
            sent[0]++;
            boolean counted = due >= measureStart;
            if (counted && !measuring) {
              measuring = true;
            }
            send(due, counted);
          }
          if (measuring && now - measureStart >= (windows[0] + 1) * windowNanos) {
            windows[0]++;
            printWindow((now - measureStart) / 1e9);
          }
        });
  }

  /** Polls the watched run; the measurement ends when it is no longer running. */
  private void watch() {
    String token;
    try {
      token = Files.readString(Path.of(opts.get("token_file"))).trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the token file", e);
    }
    RequestOptions req =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setURI(opts.get("watch"))
            .setTimeout(timeoutMs)
            .putHeader("Authorization", "Bearer " + token);
    vertx.setPeriodic(
        250,
        id ->
            http.request(req)
                .compose(r -> r.send().compose(res -> res.body()))
                .onSuccess(
                    b -> {
                      String state = new JsonObject(b).getString("state", "?");
                      if (!"running".equals(state)) {
                        vertx.cancelTimer(id);
                        long now = System.nanoTime();
                        if (now < measureEnd) {
                          runEnded = true;
                          measureEnd = Math.max(now, measureStart);
                        }
                      }
                    }));
  }

  private void send(long due, boolean counted) {
    if (waiting >= MAX_WAITING) {
      if (counted) {
        shed++;
      }
      return;
    }
    waiting++;
    String path = paths.get(random.nextInt(paths.size()));
    RequestOptions req = new RequestOptions().setURI(path).setTimeout(timeoutMs);
    long t0 = System.nanoTime();
    if (counted) {
      sentMeasured++;
      lag.add((t0 - due) / 1e6);
    }
    http.request(req)
        .compose(r -> r.send().compose(res -> res.body().map(b -> res.statusCode())))
        .onComplete(
            ar -> {
              waiting--;
              // A request due before the measurement ended counts even if answered after.
              if (!counted || due >= measureEnd) {
                return;
              }
              long t1 = System.nanoTime();
              if (ar.succeeded() && ar.result() / 100 == 2) {
                send.add((t1 - t0) / 1e6);
                sched.add((t1 - due) / 1e6);
                window.add((t1 - t0) / 1e6);
              } else if (ar.succeeded()) {
                errors++;
                showError("status " + ar.result());
              } else if (ar.cause().getClass().getSimpleName().contains("Timeout")) {
                timeouts++;
                showError(ar.cause().toString());
              } else {
                errors++;
                showError(ar.cause().toString());
              }
            });
  }

  private void showError(String what) {
    if (errorsShown++ < 10) {
      System.err.println("nearby-load: " + what);
    }
  }

  private void printWindow(double tS) {
    System.out.printf(
        Locale.ROOT,
        "NEARBY_WINDOW tag=%s t_s=%.1f n=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
        opts.get("tag"),
        tS,
        window.size(),
        window.percentile(0.50),
        window.percentile(0.99),
        window.percentile(1.0));
    window = new Latencies();
  }

  private void printResult(CountDownLatch done) {
    double seconds = (measureEnd - measureStart) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "NEARBY_RESULT tag=%s seconds=%.2f target_rps=%s sent=%d answered=%d rps=%.0f errors=%d"
            + " timeouts=%d shed=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f"
            + " sched_p99_ms=%.2f sched_max_ms=%.2f lag_p99_ms=%.2f lag_max_ms=%.2f run_ended=%d%n",
        opts.get("tag"),
        seconds,
        opts.get("rate"),
        sentMeasured,
        send.size(),
        send.size() / Math.max(seconds, 1e-9),
        errors,
        timeouts,
        shed,
        send.percentile(0.50),
        send.percentile(0.90),
        send.percentile(0.99),
        send.percentile(0.999),
        send.percentile(1.0),
        sched.percentile(0.99),
        sched.percentile(1.0),
        lag.percentile(0.99),
        lag.percentile(1.0),
        runEnded ? 1 : 0);
    done.countDown();
  }
}
