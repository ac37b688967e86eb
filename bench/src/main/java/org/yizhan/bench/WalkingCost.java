package org.yizhan.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.yizhan.Server;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.routing.WalkingNetwork;
import org.yizhan.station.NearbyQuery;
import org.yizhan.station.NearbyResult;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;

/**
 * The walking network's cost, in process: memory of the imported graph per km² of network (the heap
 * after a full GC before and after, and GraphHopper's own count), and the routing cost per nearby
 * request: the same random points inside the network asked of the snapshot alone (straight line)
 * and through the walking network, alternating, on one thread. Stations: the Shanxi demo network
 * (all of it; those inside the city are the ones that matter).
 *
 * <pre>java -Xmx2g -cp benchmarks.jar org.yizhan.bench.WalkingCost CITY.osm GRAPH_DIR
 * [queries=20000] [limit=10] [warmup=3000]</pre>
 */
public final class WalkingCost {

  public static void main(String[] args) throws Exception {
    Path osm = Path.of(args[0]);
    Path dir = Path.of(args[1]);
    java.util.Map<String, String> o = new java.util.HashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      o.put(kv[0], kv[1]);
    }
    int queries = Integer.parseInt(o.getOrDefault("queries", "20000"));
    int limit = Integer.parseInt(o.getOrDefault("limit", "10"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "3000"));

    List<Station> stations = DemoNetworkGenerator.generate("shanxi", Server.DEMO_SEED);
    StationSnapshot snapshot = StationSnapshot.of(stations);
    long heap0 = usedAfterGc();
    long t0 = System.nanoTime();
    WalkingNetwork network = WalkingNetwork.open(osm, dir);
    long importMs = (System.nanoTime() - t0) / 1_000_000;
    long heap1 = usedAfterGc();
    long[] size = network.size().orElseThrow();
    double[] b = network.bounds().orElseThrow();
    double km2 = areaKm2(b);
    long inside =
        stations.stream()
            .filter(
                s ->
                    s.location().lat() >= b[0]
                        && s.location().lat() <= b[1]
                        && s.location().lon() >= b[2]
                        && s.location().lon() <= b[3])
            .count();
    System.out.printf(
        Locale.ROOT,
        "WALKING_MEMORY osm_bytes=%d junctions=%d area_km2=%.0f load_ms=%d graph_bytes=%d"
            + " heap_delta_bytes=%d graph_kib_per_km2=%.1f heap_kib_per_km2=%.1f stations_inside=%d%n",
        Files.size(osm),
        size[0],
        km2,
        importMs,
        size[1],
        heap1 - heap0,
        size[1] / 1024.0 / km2,
        (heap1 - heap0) / 1024.0 / km2,
        inside);

    SplittableRandom rnd = new SplittableRandom(11);
    double[][] pts = new double[queries + warmup][];
    for (int i = 0; i < pts.length; i++) {
      double lat = b[0] + (b[1] - b[0]) * (0.05 + 0.9 * rnd.nextDouble());
      double lon = b[2] + (b[3] - b[2]) * (0.05 + 0.9 * rnd.nextDouble());
      pts[i] = new double[] {lat, lon};
    }
    long[] plain = new long[queries];
    long[] routed = new long[queries];
    int network_ = 0;
    int reordered = 0;
    int answers = 0;
    Instant now = Instant.now();
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuPlain = 0;
    long cpuRouted = 0;
    for (int i = 0; i < pts.length; i++) {
      NearbyQuery q =
          new NearbyQuery(
              new WgsCoordinate(pts[i][0], pts[i][1]),
              limit,
              NearbyQuery.MAX_RADIUS_M,
              Set.of(),
              false);
      long c0 = threads.getCurrentThreadCpuTime();
      long a = System.nanoTime();
      List<NearbyResult> byLine = snapshot.nearby(q, now);
      long m = System.nanoTime();
      long c1 = threads.getCurrentThreadCpuTime();
      List<NearbyResult> byWalk = network.nearby(snapshot, q, now, null);
      long e = System.nanoTime();
      long c2 = threads.getCurrentThreadCpuTime();
      if (i >= warmup) {
        cpuPlain += c1 - c0;
        cpuRouted += c2 - c1;
        int k = i - warmup;
        plain[k] = m - a;
        routed[k] = e - m;
        for (NearbyResult r : byWalk) {
          answers++;
          if (r.walkingSource().equals("network")) {
            network_++;
          }
        }
        if (!ids(byLine).equals(ids(byWalk))) {
          reordered++;
        }
      }
    }
    Arrays.sort(plain);
    Arrays.sort(routed);
    System.out.printf(
        Locale.ROOT,
        "WALKING_COST queries=%d limit=%d straight_mean_us=%.1f straight_p50_us=%.1f"
            + " straight_p99_us=%.1f routed_mean_us=%.1f routed_p50_us=%.1f routed_p99_us=%.1f"
            + " routing_cost_mean_us=%.1f straight_cpu_us=%.1f routed_cpu_us=%.1f"
            + " network_share=%.3f reordered_share=%.3f%n",
        queries,
        limit,
        mean(plain) / 1e3,
        plain[queries / 2] / 1e3,
        plain[(int) (queries * 0.99)] / 1e3,
        mean(routed) / 1e3,
        routed[queries / 2] / 1e3,
        routed[(int) (queries * 0.99)] / 1e3,
        (mean(routed) - mean(plain)) / 1e3,
        cpuPlain / 1e3 / queries,
        cpuRouted / 1e3 / queries,
        answers == 0 ? 0 : network_ / (double) answers,
        reordered / (double) queries);
    network.close();
  }

  private static List<String> ids(List<NearbyResult> rs) {
    return rs.stream().map(r -> r.station().id()).toList();
  }

  private static double mean(long[] a) {
    double s = 0;
    for (long v : a) {
      s += v;
    }
    return s / a.length;
  }

  private static double areaKm2(double[] b) {
    double h = Math.toRadians(b[1] - b[0]) * 6371;
    double w = Math.toRadians(b[3] - b[2]) * 6371 * Math.cos(Math.toRadians((b[0] + b[1]) / 2));
    return h * w;
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
