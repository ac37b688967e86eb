package org.yizhan.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.yizhan.Server;
import org.yizhan.demo.DemoNetworkGenerator;

/**
 * Writes the JMH query points ({@code mixed} set) as {@code lat<TAB>lon} lines, so that the HTTP
 * (wrk) and PostGIS (pgbench) benchmarks ask exactly the same questions as the in-process one.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.yizhan.bench.WritePoints OUT_FILE}
 */
public final class WritePoints {

  private WritePoints() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: WritePoints OUT_FILE");
      System.exit(2);
    }
    QueryPoints points =
        new QueryPoints(
            DemoNetworkGenerator.national(Server.DEMO_SEED),
            NearestBenchmark.POINTS_SEED,
            QueryPoints.NEAR_STATION_SHARE);
    Path out = Path.of(args[0]);
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (int i = 0; i < QueryPoints.COUNT; i++) {
        w.write(String.format(Locale.ROOT, "%.6f\t%.6f%n", points.lat[i], points.lon[i]));
      }
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.println("wrote " + QueryPoints.COUNT + " points to " + out);
  }
}
