package org.yizhan.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.yizhan.Server;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.station.Station;

/**
 * Writes the national planning sets of {@code bench/run-planning-load.sh} as the CSV files a
 * planner uploads: {@code demand.csv} ({@code lon,lat,weight}) and {@code candidates.csv} ({@code
 * lon,lat}).
 *
 * <p>The shape is {@link SitingInstances#NATIONAL}'s on real geography: demand and candidates are
 * drawn around the same towns, each town centred on a random station of the national demo network
 * (so part of the demand is covered by the existing stations), with a Gaussian spread of 0.75 to
 * 2.25 km and an exponentially distributed share of the points; demand weights are 1 to 30.
 *
 * <pre>java -cp benchmarks.jar org.yizhan.bench.PlanningSets OUT_DIR [demand=1000000]
 * [candidates=50000] [towns=2000] [seed=15]</pre>
 */
public final class PlanningSets {

  private static final double M_PER_DEG_LAT = 111_320;

  private PlanningSets() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: PlanningSets OUT_DIR [demand] [candidates] [towns] [seed]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int demand = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int candidates = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
    int towns = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 15;

    List<Station> stations = DemoNetworkGenerator.national(Server.DEMO_SEED);
    SplittableRandom random = new SplittableRandom(seed);
    double[] lat = new double[towns];
    double[] lon = new double[towns];
    double[] sigmaM = new double[towns];
    double[] cumulative = new double[towns];
    double sum = 0;
    for (int t = 0; t < towns; t++) {
      Station s = stations.get(random.nextInt(stations.size()));
      lat[t] = s.location().lat();
      lon[t] = s.location().lon();
      sigmaM[t] = 1_500 * (0.5 + random.nextDouble());
      sum += -Math.log(1 - random.nextDouble());
      cumulative[t] = sum;
    }
    Files.createDirectories(dir);
    Towns shape = new Towns(lat, lon, sigmaM, cumulative);
    write(dir.resolve("demand.csv"), "lon,lat,weight", demand, shape, random, true);
    write(dir.resolve("candidates.csv"), "lon,lat", candidates, shape, random, false);
    System.out.printf(
        Locale.ROOT,
        "PLANNING_SETS demand=%d candidates=%d towns=%d seed=%d dir=%s%n",
        demand,
        candidates,
        towns,
        seed,
        dir);
  }

  private record Towns(double[] lat, double[] lon, double[] sigmaM, double[] cumulative) {}

  private static void write(
      Path out, String header, int count, Towns towns, SplittableRandom random, boolean weighted)
      throws IOException {
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    double total = towns.cumulative()[towns.cumulative().length - 1];
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(header);
      w.write('\n');
      for (int i = 0; i < count; i++) {
        int t = Arrays.binarySearch(towns.cumulative(), random.nextDouble() * total);
        t = t < 0 ? -t - 1 : t;
        double north = gaussian(random) * towns.sigmaM()[t];
        double east = gaussian(random) * towns.sigmaM()[t];
        double lat = towns.lat()[t] + north / M_PER_DEG_LAT;
        double lon =
            towns.lon()[t] + east / (M_PER_DEG_LAT * Math.cos(Math.toRadians(towns.lat()[t])));
        if (weighted) {
          w.write(String.format(Locale.ROOT, "%.6f,%.6f,%d%n", lon, lat, 1 + random.nextInt(30)));
        } else {
          w.write(String.format(Locale.ROOT, "%.6f,%.6f%n", lon, lat));
        }
      }
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
  }

  /** A standard normal draw (Box-Muller); SplittableRandom has no nextGaussian on Java 17. */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
