package org.yizhan.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a synthetic city's street network as OSM XML, for the walking-network benchmarks: there is
 * no real extract on the benchmark machine. It is synthetic, not a survey: a street grid of {@code
 * spacing_m} (default 100 m) over {@code size_km} x {@code size_km} (default 20 x 20 km) centred on
 * Taiyuan's demo stations, with its junctions moved up to a quarter of the spacing, about one
 * street piece in eight missing (irregular blocks, dead ends), every tenth street a primary road
 * and a few footways; an east-west river crossed only by a bridge every 1.5 km, and a north-south
 * railway crossed every 1.2 km. Optionally also writes query points inside the city.
 *
 * <pre>java -cp benchmarks.jar org.yizhan.bench.SyntheticCity OUT.osm [size_km=20] [spacing_m=100]
 * [lat=37.87] [lon=112.55] [seed=17] [points=FILE] [point_count=4096]</pre>
 */
public final class SyntheticCity {

  private static final double R = 6_371_000;

  private final int n;
  private final double spacing;
  private final double lat0;
  private final double lon0;
  private final double[] x;
  private final double[] y;
  private final int riverRow;
  private final int railCol;

  private SyntheticCity(double sizeKm, double spacing, double lat0, double lon0, long seed) {
    this.n = (int) Math.round(sizeKm * 1000 / spacing) + 1;
    this.spacing = spacing;
    this.lat0 = lat0;
    this.lon0 = lon0;
    this.x = new double[n * n];
    this.y = new double[n * n];
    SplittableRandom rnd = new SplittableRandom(seed);
    double half = (n - 1) * spacing / 2;
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        x[r * n + c] = c * spacing - half + rnd.nextDouble(-0.25, 0.25) * spacing;
        y[r * n + c] = r * spacing - half + rnd.nextDouble(-0.25, 0.25) * spacing;
      }
    }
    this.riverRow = (int) (n * 0.4);
    this.railCol = (int) (n * 0.7);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println(
          "usage: SyntheticCity OUT.osm [size_km=20] [spacing_m=100] [lat=37.87] [lon=112.55]"
              + " [seed=17] [points=FILE] [point_count=4096]");
      System.exit(2);
    }
    java.util.Map<String, String> o = new java.util.HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      o.put(kv[0], kv[1]);
    }
    double size = Double.parseDouble(o.getOrDefault("size_km", "20"));
    SyntheticCity city =
        new SyntheticCity(
            size,
            Double.parseDouble(o.getOrDefault("spacing_m", "100")),
            Double.parseDouble(o.getOrDefault("lat", "37.87")),
            Double.parseDouble(o.getOrDefault("lon", "112.55")),
            Long.parseLong(o.getOrDefault("seed", "17")));
    long ways = city.write(Path.of(args[0]), new SplittableRandom(31));
    System.out.printf(
        Locale.ROOT,
        "SYNTHETIC_CITY file=%s size_km=%.1f junctions=%d ways=%d bytes=%d%n",
        args[0],
        size,
        city.n * city.n,
        ways,
        Files.size(Path.of(args[0])));
    if (o.containsKey("points")) {
      city.writePoints(
          Path.of(o.get("points")), Integer.parseInt(o.getOrDefault("point_count", "4096")));
    }
  }

  private double lat(double yM) {
    return lat0 + Math.toDegrees(yM / R);
  }

  private double lon(double xM) {
    return lon0 + Math.toDegrees(xM / (R * Math.cos(Math.toRadians(lat0))));
  }

  /** Random points over the inner 90 % of the city ("lat\tlon" lines, as NearbyLoad reads). */
  private void writePoints(Path file, int count) throws IOException {
    SplittableRandom rnd = new SplittableRandom(5);
    double half = (n - 1) * spacing / 2 * 0.9;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%.6f\t%.6f%n",
              lat(rnd.nextDouble(-half, half)),
              lon(rnd.nextDouble(-half, half))));
    }
    Files.writeString(file, sb);
  }

  private long write(Path file, SplittableRandom rnd) throws IOException {
    long wayId = 1;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(
          "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='yizhan-bench'>\n");
      for (int i = 0; i < n * n; i++) {
        node(w, i + 1L, y[i], x[i]);
      }
      // the river and the railway (not walkable): their nodes first, as OSM files order them
      double half = (n - 1) * spacing / 2;
      double riverY = (riverRow + 0.5) * spacing - half;
      double railX = (railCol + 0.5) * spacing - half;
      long riverFirst = n * (long) n + 1;
      for (int c = 0; c < n; c++) {
        node(w, riverFirst + c, riverY, c * spacing - half);
      }
      long railFirst = riverFirst + n;
      for (int r = 0; r < n; r++) {
        node(w, railFirst + r, r * spacing - half, railX);
      }
      // streets along rows (east-west) and columns (north-south), in pieces of 5 to 30 blocks
      for (int dir = 0; dir < 2; dir++) {
        for (int line = 0; line < n; line++) {
          int from = 0;
          while (from < n - 1) {
            int len = 5 + rnd.nextInt(26);
            int to = Math.min(n - 1, from + len);
            String highway =
                line % 10 == 0 ? "primary" : rnd.nextInt(20) == 0 ? "footway" : "residential";
            // split the piece where a block side is missing or a barrier is not crossed
            int start = from;
            for (int k = from; k < to; k++) {
              boolean missing = line % 10 != 0 && rnd.nextInt(8) == 0;
              boolean river = dir == 1 && k == riverRow && line % 15 != 0;
              boolean rail = dir == 0 && k == railCol && line % 12 != 0;
              if (missing || river || rail) {
                wayId = way(w, wayId, dir, line, start, k, highway, false);
                start = k + 1;
              } else if (dir == 1 && k == riverRow) {
                wayId = way(w, wayId, dir, line, start, k, highway, false);
                wayId = way(w, wayId, dir, line, k, k + 1, "footway", true);
                start = k + 1;
              }
            }
            wayId = way(w, wayId, dir, line, start, to, highway, false);
            from = to;
          }
        }
      }
      wayId = line(w, wayId, riverFirst, riverFirst + n, "waterway", "river");
      wayId = line(w, wayId, railFirst, railFirst + n, "railway", "rail");
      w.write("</osm>\n");
    }
    return wayId - 1;
  }

  private long way(
      BufferedWriter w,
      long id,
      int dir,
      int line,
      int from,
      int to,
      String highway,
      boolean bridge)
      throws IOException {
    if (to <= from) {
      return id;
    }
    w.write(" <way id='" + id + "'>\n");
    for (int k = from; k <= to; k++) {
      int idx = dir == 0 ? line * n + k : k * n + line;
      w.write("  <nd ref='" + (idx + 1) + "'/>\n");
    }
    w.write("  <tag k='highway' v='" + highway + "'/>\n");
    if (bridge) {
      w.write("  <tag k='bridge' v='yes'/>\n  <tag k='layer' v='1'/>\n");
    }
    w.write(" </way>\n");
    return id + 1;
  }

  private static long line(BufferedWriter w, long id, long first, long end, String k, String v)
      throws IOException {
    w.write(" <way id='" + id + "'>\n");
    for (long i = first; i < end; i++) {
      w.write("  <nd ref='" + i + "'/>\n");
    }
    w.write("  <tag k='" + k + "' v='" + v + "'/>\n </way>\n");
    return id + 1;
  }

  private void node(BufferedWriter w, long id, double yM, double xM) throws IOException {
    w.write(
        String.format(
            Locale.ROOT,
            " <node id='%d' version='1' lat='%.7f' lon='%.7f'/>%n",
            id,
            lat(yM),
            lon(xM)));
  }
}
