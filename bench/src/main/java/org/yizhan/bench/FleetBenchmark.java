package org.yizhan.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.yizhan.Server;
import org.yizhan.alert.AlertBook;
import org.yizhan.alert.AlertSink;
import org.yizhan.alert.ConditionWatch;
import org.yizhan.api.DeviceJson;
import org.yizhan.condition.ThresholdSet;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.device.DefaultDeviceAdmin;
import org.yizhan.device.Device;
import org.yizhan.device.DeviceHealth;
import org.yizhan.device.DeviceKind;
import org.yizhan.device.DeviceQuery;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.Freshness;
import org.yizhan.live.LiveState;
import org.yizhan.quality.QualityRules;
import org.yizhan.quality.ReadingQuality;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;
import org.yizhan.telemetry.Reading;

/**
 * Issue 4's fleet figures, on one thread (one core):
 *
 * <ul>
 *   <li>{@link #healthSweep}: the health rule over every device (200,000: the national network with
 *       a sensor per station and some spare), reading each device's last reading and presence from
 *       the same maps the server uses;
 *   <li>{@link #fleetSummary}: the whole {@code GET /api/v1/fleet/summary} answer, counts per city
 *       and district and low batteries included;
 *   <li>{@link #deviceTablePage}: one page of {@code GET /api/v1/devices} (filter, sort, 100 rows
 *       as JSON) over 10,000 devices, sampled so that p95 can be read;
 *   <li>{@link #conditionSweep}: one sweep of the station conditions over the stations of those
 *       200,000 devices (their current values, opening hours, thresholds), with the suspect-sensor
 *       check, as the server runs it every 5 s;
 *   <li>{@link #qualityAssess}: the data-quality judgement of one reading on the writer thread, per
 *       reading, over a stream of 20 readings from each of 10,000 devices.
 * </ul>
 *
 * The fleet is synthetic: devices on the national demo network's stations, intervals of 60, 300 or
 * 900 s, 92 % with a last reading up to 4 intervals old, 3 % with a last will after it.
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FleetBenchmark {

  @Param({"200000"})
  int sweepDevices;

  @Param({"10000"})
  int tableDevices;

  private final List<Device> sweepList = new ArrayList<>();
  private LiveState sweepLive;
  private DevicePresence sweepPresence;
  private DeviceJson sweepAdmin;
  private DeviceJson tableAdmin;
  private Instant now;
  private ConditionWatch conditions;
  private long signals;
  private Reading[] stream;
  private ReadingQuality quality;

  /** Readings per {@link #qualityAssess} invocation. */
  private static final int STREAM = 200_000;

  @Setup
  public void setUp() {
    List<Station> stations = DemoNetworkGenerator.generate("national", Server.DEMO_SEED);
    StationSnapshot snapshot = StationSnapshot.of(stations);
    now = Instant.now();
    sweepLive = new LiveState();
    sweepPresence = new DevicePresence();
    sweepAdmin = fleet(sweepDevices, stations, snapshot, sweepLive, sweepPresence, sweepList);
    tableAdmin =
        fleet(
            tableDevices,
            stations,
            snapshot,
            new LiveState(),
            new DevicePresence(),
            new ArrayList<>());
    AlertSink counter =
        new AlertSink() {
          @Override
          public void apply(List<AlertBook.Signal> active, Instant at) {
            signals += active.size();
          }

          @Override
          public void applyState(Set<String> kinds, List<AlertBook.Signal> active, Instant at) {
            signals += active.size();
          }
        };
    conditions =
        new ConditionWatch(
            () -> snapshot,
            () -> sweepList,
            sweepLive,
            new Freshness(id -> 300),
            new ReadingQuality(QualityRules.DEFAULTS),
            ThresholdSet.DEFAULTS,
            counter);
    stream = new Reading[STREAM];
    SplittableRandom random = new SplittableRandom(7);
    Instant t0 = now.minusSeconds(3600);
    for (int i = 0; i < STREAM; i++) {
      int device = i % 10_000;
      int step = i / 10_000;
      Instant time = t0.plusSeconds(60L * step + device % 60);
      stream[i] =
          new Reading(
              stations.get(device).id(),
              String.format("dev-%05d", device),
              step,
              time,
              random.nextInt(9),
              null,
              null,
              24 + random.nextDouble(),
              55 + random.nextDouble() * 5,
              90,
              -70,
              null,
              time.plusMillis(200 + random.nextInt(800)));
    }
  }

  /** A fresh judge per pass, so every pass sees the same stream from the start. */
  @Setup(Level.Invocation)
  public void freshQuality() {
    quality = new ReadingQuality(QualityRules.DEFAULTS);
  }

  private DeviceJson fleet(
      int n,
      List<Station> stations,
      StationSnapshot snapshot,
      LiveState live,
      DevicePresence presence,
      List<Device> devices) {
    SplittableRandom random = new SplittableRandom(n);
    int[] intervals = {60, 300, 900};
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Station st = stations.get((int) ((long) i * stations.size() / n));
      int interval = intervals[random.nextInt(intervals.length)];
      Device d =
          new Device(
              String.format("dev-%07d", i),
              st.id(),
              DeviceKind.COMBINED,
              interval,
              "1.4.2",
              now.minusSeconds(86_400),
              null);
      devices.add(d);
      if (random.nextInt(100) < 92) {
        Instant received = now.minusMillis(random.nextLong(4L * interval * 1000));
        readings.add(
            new Reading(
                st.id(),
                d.id(),
                i,
                received.minusSeconds(random.nextInt(5)),
                random.nextInt(31),
                null,
                null,
                20 + random.nextDouble() * 10,
                null,
                random.nextInt(101),
                -50 - random.nextInt(60),
                null,
                received));
        if (random.nextInt(100) < 3) {
          presence.offline(d.id(), received.plusSeconds(1), "lwt");
        }
      }
    }
    live.apply(readings);
    live.drainChanged();
    // Rendered as the API answers, so the figures keep counting the JSON.
    return new DeviceJson(
        new DefaultDeviceAdmin(DeviceRegistry.readOnly(devices), snapshot::find, presence, live),
        null,
        null,
        null);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void healthSweep(Blackhole bh) {
    int[] counts = new int[DeviceHealth.State.values().length];
    for (Device d : sweepList) {
      DeviceHealth.State s =
          DeviceHealth.judge(
              d,
              sweepLive.findDevice(d.id()).orElse(null),
              sweepPresence.find(d.id()).orElse(null),
              now);
      counts[s.ordinal()]++;
    }
    bh.consume(counts);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long conditionSweep() {
    conditions.sweep(now);
    return signals;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @OperationsPerInvocation(STREAM)
  public int qualityAssess() {
    int flagged = 0;
    for (Reading r : stream) {
      flagged += quality.assess(r, 10, false) == 0 ? 0 : 1;
    }
    return flagged;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Object fleetSummary() {
    return sweepAdmin.fleetSummary(null);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Object deviceTablePage() {
    return tableAdmin.list(new DeviceQuery(null, null, null, null, "last_seen", 100, 200, null));
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Object deviceTableOfflineByBattery() {
    return tableAdmin.list(new DeviceQuery(null, "offline", null, null, "battery", 100, 0, null));
  }
}
