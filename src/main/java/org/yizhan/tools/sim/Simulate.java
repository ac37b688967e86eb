package org.yizhan.tools.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.config.NetTransport;
import org.yizhan.tools.sim.Credentials.Credential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code yizhan simulate}: one combined sensor per station, publishing realistic readings over MQTT
 * the way the firmware contract asks, and measuring how the server keeps up.
 *
 * <p>Over 300 lines on purpose: the command's options and its report are one picocli command.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Simulate station sensors publishing over MQTT, and measure ingest.")
public final class Simulate implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Simulate.class);

  @Option(names = "--mqtt", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT broker")
  String mqtt;

  @Option(names = "--http", defaultValue = "http://127.0.0.1:8080", description = "Server API")
  String httpUrl;

  @Option(
      names = "--admin-token",
      description = "Default: $YIZHAN_ADMIN_TOKEN, else DATA_DIR/admin-token")
  String adminToken;

  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "Server data dir (default data)")
  Path dataDir;

  @Option(names = "--stations", defaultValue = "100", description = "Stations that get a device")
  int stations;

  @Option(names = "--interval-s", defaultValue = "60", description = "Reporting interval, seconds")
  double intervalS;

  @Option(names = "--duration-s", defaultValue = "0", description = "Run time; 0 = until Ctrl-C")
  double durationS;

  @Option(names = "--faulty-share", defaultValue = "0.02", description = "Share of faulty devices")
  double faultyShare;

  @Option(
      names = "--credentials",
      description = "Device credentials CSV (default DATA_DIR/sim-devices.csv)")
  Path credentials;

  @Option(names = "--seed", defaultValue = "20240601", description = "Seed of all randomness")
  long seed;

  @Option(
      names = "--time-scale",
      defaultValue = "1",
      description = "Model time runs this much faster")
  double timeScale;

  @Option(
      names = "--connect-rate",
      defaultValue = "500",
      description = "New connections per second")
  double connectRate;

  @Option(names = "--report-s", defaultValue = "10", description = "Log a summary line every N s")
  double reportS;

  @Option(names = "--summary", description = "Write the final summary as JSON to this file")
  Path summaryFile;

  @Option(
      names = "--outages-per-hour",
      defaultValue = "0.02",
      description = "Outages per device-hour")
  double outagesPerHour;

  @Option(names = "--outage-s", defaultValue = "180", description = "Mean outage length, seconds")
  double outageS;

  @Option(
      names = "--dropout-share",
      defaultValue = "0.005",
      description = "Share of skipped readings")
  double dropoutShare;

  @Option(
      names = "--window",
      defaultValue = "8",
      description = "Unacknowledged messages per device")
  int window;

  @Option(names = "--buffer-max", defaultValue = "2000", description = "Readings a device buffers")
  int bufferMax;

  @Option(names = "--event-loops", description = "Event loops (default: available processors)")
  Integer eventLoops;

  @Option(names = "--drain-s", defaultValue = "10", description = "Wait at the end for PUBACKs")
  double drainS;

  @Option(
      names = "--warmup-s",
      defaultValue = "0",
      description =
          "Leave the first N s (connecting, JIT warm-up) out of the summary's steady figures")
  double warmupS;

  @Option(
      names = "--measure-s",
      defaultValue = "0",
      description = "Steady figures cover this long after the warm-up (default: until the end)")
  double measureS;

  @Option(
      names = "--source-addresses",
      defaultValue = "1",
      description =
          "Spread connections over this many source addresses 127.0.0.1 and up (loopback broker"
              + " only; each gives about 28,000 connections to one port)")
  int sourceAddresses;

  @Option(
      names = "--part",
      defaultValue = "0/1",
      description =
          "K/M: simulate only every M-th of the chosen stations, starting at the K-th (0-based),"
              + " so that M processes share one run (each with its own --credentials file)")
  String part;

  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile JsonObject summary;

  /**
   * Runs the simulator on its own, e.g. {@code java -cp yizhan-all.jar
   * org.yizhan.tools.sim.Simulate}.
   */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new Simulate()).execute(args));
  }

  /** Ends the run early (as Ctrl-C does); the summary is still written. */
  public void requestStop() {
    stop.countDown();
  }

  /** The final summary once the run is over, else {@code null}. */
  public JsonObject summary() {
    return summary;
  }

  @Override
  public Integer call() throws Exception {
    if (stations < 1 || !(intervalS >= 0.01) || window < 1 || bufferMax < 1 || connectRate <= 0) {
      throw new IllegalArgumentException(
          "need --stations >= 1, --interval-s >= 0.01, --window >= 1, --buffer-max >= 1,"
              + " --connect-rate > 0");
    }
    quietClientLogs();
    URI broker = URI.create(mqtt.contains("://") ? mqtt : "tcp://" + mqtt);
    if (!List.of("tcp", "mqtt").contains(String.valueOf(broker.getScheme()))) {
      throw new IllegalArgumentException("--mqtt must be tcp://host:port (TLS is not simulated)");
    }
    if (sourceAddresses < 1
        || sourceAddresses > 254
        || (sourceAddresses > 1 && !isLoopback(broker.getHost()))) {
      throw new IllegalArgumentException(
          "--source-addresses must be 1 to 254, and above 1 only with a loopback --mqtt host");
    }
    int[] share = parsePart(part);
    Provisioner api =
        new Provisioner(httpUrl, org.yizhan.config.AdminTokens.forClient(adminToken, dataDir));
    List<StationInfo> all = api.stations();
    if (all.isEmpty()) {
      throw new IllegalStateException("the server at " + httpUrl + " has no stations");
    }
    List<StationInfo> picked = StationInfo.pick(all, stations);
    if (picked.size() < stations) {
      LOG.warn("sim: only {} stations exist; simulating all of them", picked.size());
    }
    List<StationInfo> chosen = new ArrayList<>();
    for (int i = share[0]; i < picked.size(); i += share[1]) {
      chosen.add(picked.get(i));
    }
    Path file = credentials != null ? credentials : dataDir.resolve("sim-devices.csv");
    List<Credential> creds = api.ensure(chosen, file, (int) Math.round(intervalS));

    long now = System.currentTimeMillis();
    SimSettings settings =
        new SimSettings(
            broker.getHost(),
            broker.getPort() > 0 ? broker.getPort() : 1883,
            Math.round(intervalS * 1000),
            new SimClock(now, now, timeScale),
            outagesPerHour,
            outageS,
            dropoutShare,
            window,
            bufferMax,
            seed,
            connectRate,
            sourceAddresses);
    int loops = eventLoops != null ? eventLoops : Runtime.getRuntime().availableProcessors();
    List<Stats> stats = new ArrayList<>();
    List<List<DeviceLink>> byLoop = new ArrayList<>();
    for (int i = 0; i < loops; i++) {
      byLoop.add(new ArrayList<>());
      stats.add(new Stats());
    }
    Fault[] faults = Fault.assign(chosen.size(), faultyShare, seed);
    Map<Fault, Integer> mix = new EnumMap<>(Fault.class);
    for (int i = 0; i < chosen.size(); i++) {
      DeviceModel model = new DeviceModel(chosen.get(i), faults[i], seed, now);
      byLoop
          .get(i % loops)
          .add(new DeviceLink(creds.get(i), model, settings, stats.get(i % loops)));
      mix.merge(faults[i], 1, Integer::sum);
    }
    mix.remove(Fault.NONE);
    LOG.info(
        "sim: {} devices to {}:{} every {} s on {} event loops; faulty {}",
        chosen.size(),
        settings.host(),
        settings.port(),
        intervalS,
        loops,
        mix);
    return run(byLoop, new Report(stats, chosen.size()), settings);
  }

  private int run(List<List<DeviceLink>> byLoop, Report report, SimSettings settings)
      throws Exception {
    long tickMs = Math.max(5, Math.min(100, settings.intervalMs() / 8));
    Vertx vertx =
        NetTransport.parse(System.getenv("YIZHAN_NET_TRANSPORT"))
            .start(new VertxOptions().setEventLoopPoolSize(byLoop.size()), "sim");
    List<Shard> shards = new ArrayList<>();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                finished.await((long) (drainS + 15), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sim-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    long startNanos = System.nanoTime();
    try {
      for (List<DeviceLink> links : byLoop) {
        Shard s = new Shard(links, tickMs, settings.connectsPerS() / byLoop.size());
        shards.add(s);
        vertx.deployVerticle(s).await(30, TimeUnit.SECONDS);
      }
      waitForEnd(report, startNanos);
      report.endMeasuringIfRunning();
      all(shards, Shard::stopTaking);
      long drainUntil = System.nanoTime() + (long) (drainS * 1e9);
      while (System.nanoTime() < drainUntil
          && !all(shards, Shard::drained).stream().allMatch(Boolean::booleanValue)) {
        Thread.sleep(100);
      }
      long measured = System.nanoTime() - startNanos;
      all(shards, Shard::shutdown);
      summary = report.summary(measured);
      LOG.info("sim: final {}", summary.encode());
      if (summaryFile != null) {
        Files.writeString(summaryFile, summary.encodePrettily() + "\n", StandardCharsets.UTF_8);
      }
      return 0;
    } finally {
      vertx.close().await(15, TimeUnit.SECONDS);
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  private void waitForEnd(Report report, long startNanos) throws InterruptedException {
    long end = durationS > 0 ? System.nanoTime() + (long) (durationS * 1e9) : Long.MAX_VALUE;
    long reportNanos = (long) (Math.max(0.1, reportS) * 1e9);
    long nextReport = System.nanoTime() + reportNanos;
    long warmupEnd = warmupS > 0 ? startNanos + (long) (warmupS * 1e9) : Long.MAX_VALUE;
    long measureEnd =
        warmupS > 0 && measureS > 0 ? warmupEnd + (long) (measureS * 1e9) : Long.MAX_VALUE;
    while (true) {
      long now = System.nanoTime();
      if (now >= warmupEnd) {
        report.startMeasuring();
        LOG.info("sim: warm-up over, steady measurement starts");
        warmupEnd = Long.MAX_VALUE;
      }
      if (now >= measureEnd) {
        report.endMeasuring();
        LOG.info("sim: steady measurement over");
        measureEnd = Long.MAX_VALUE;
      }
      long wait = Math.min(Math.min(Math.min(end, nextReport), warmupEnd), measureEnd) - now;
      if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS)) {
        return;
      }
      if (System.nanoTime() >= end) {
        return;
      }
      if (System.nanoTime() >= nextReport) {
        LOG.info(report.line());
        nextReport += reportNanos;
      }
    }
  }

  private static <T> List<T> all(
      List<Shard> shards, java.util.function.Function<Shard, Future<T>> f) throws Exception {
    List<T> out = new ArrayList<>();
    for (Shard s : shards) {
      out.add(f.apply(s).await(30, TimeUnit.SECONDS));
    }
    return out;
  }

  private static boolean isLoopback(String host) {
    return "localhost".equals(host) || (host != null && host.startsWith("127."));
  }

  /** "K/M" with 0 <= K < M, as {K, M}. */
  static int[] parsePart(String text) {
    String[] kv = String.valueOf(text).split("/", -1);
    try {
      int k = Integer.parseInt(kv[0].trim());
      int m = kv.length == 2 ? Integer.parseInt(kv[1].trim()) : -1;
      if (m >= 1 && k >= 0 && k < m) {
        return new int[] {k, m};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--part must be K/M with 0 <= K < M, e.g. 0/2");
  }

  /** Vert.x's MQTT client logs every connection at INFO: thousands of lines at start-up. */
  private static void quietClientLogs() {
    if (LoggerFactory.getLogger("io.vertx.mqtt.impl.MqttClientImpl")
        instanceof ch.qos.logback.classic.Logger l) {
      if (l.getLevel() == null) {
        l.setLevel(ch.qos.logback.classic.Level.WARN);
      }
    }
  }
}
