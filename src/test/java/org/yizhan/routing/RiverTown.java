package org.yizhan.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A small test town as OSM XML: two grids of streets (200 m apart) on either side of an east-west
 * river, joined by one bridge 800 m east of the origin; the river itself is mapped but no street
 * crosses it elsewhere. Positions are in metres east ({@code x}) and north ({@code y}) of the
 * origin near Taiyuan. Also a brute-force shortest walk over the same streets, to check the router
 * against.
 */
final class RiverTown {

  static final double LAT0 = 37.85;
  static final double LON0 = 112.55;
  static final double R = 6_371_000; // GraphHopper's earth radius
  static final int[] XS = {-600, -400, -200, 0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800};
  static final int[] SOUTH = {-100, -300, -500};
  static final int[] NORTH = {100, 300, 500};
  static final int BRIDGE_X = 800;

  /** Street nodes: id to {x, y}. */
  final Map<Long, double[]> nodes = new HashMap<>();

  /** Streets as node id sequences (the bridge included). */
  final List<long[]> ways = new ArrayList<>();

  RiverTown() {
    for (int[] bank : new int[][] {SOUTH, NORTH}) {
      for (int y : bank) {
        long[] row = new long[XS.length];
        for (int i = 0; i < XS.length; i++) {
          row[i] = node(XS[i], y);
        }
        ways.add(row);
      }
      for (int x : XS) {
        long[] col = new long[bank.length];
        for (int j = 0; j < bank.length; j++) {
          col[j] = node(x, bank[j]);
        }
        ways.add(col);
      }
    }
    ways.add(new long[] {node(BRIDGE_X, -100), node(BRIDGE_X, 100)});
  }

  private long node(int x, int y) {
    long id = 1_000_000L + (x + 10_000) * 100L + (y + 5_000) / 100;
    nodes.putIfAbsent(id, new double[] {x, y});
    return id;
  }

  static double lat(double y) {
    return LAT0 + Math.toDegrees(y / R);
  }

  static double lon(double x) {
    return LON0 + Math.toDegrees(x / (R * Math.cos(Math.toRadians(LAT0))));
  }

  /** Writes the town as OSM XML. */
  Path write(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>\n");
    sb.append("<osm version='0.6' generator='yizhan-test'>\n");
    nodes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> nodeXml(sb, e.getKey(), e.getValue()[0], e.getValue()[1]));
    long river = 9_000_000;
    for (int x = -1200; x <= 2400; x += 200) {
      nodeXml(sb, river + (x + 1200) / 200, x, 0);
    }
    long wayId = 1;
    for (long[] w : ways) {
      boolean bridge = w.length == 2 && nodes.get(w[0])[1] < 0 && nodes.get(w[1])[1] > 0;
      sb.append(" <way id='").append(wayId++).append("'>\n");
      for (long n : w) {
        sb.append("  <nd ref='").append(n).append("'/>\n");
      }
      sb.append("  <tag k='highway' v='residential'/>\n");
      if (bridge) {
        sb.append("  <tag k='bridge' v='yes'/>\n  <tag k='layer' v='1'/>\n");
      }
      sb.append(" </way>\n");
    }
    sb.append(" <way id='").append(wayId).append("'>\n");
    for (int x = -1200; x <= 2400; x += 200) {
      sb.append("  <nd ref='").append(river + (x + 1200) / 200).append("'/>\n");
    }
    sb.append("  <tag k='waterway' v='river'/>\n  <tag k='name' v='汾河'/>\n </way>\n</osm>\n");
    Path file = dir.resolve("river-town.osm");
    Files.writeString(file, sb, StandardCharsets.UTF_8);
    return file;
  }

  private static void nodeXml(StringBuilder sb, long id, double x, double y) {
    sb.append(" <node id='").append(id).append("' version='1' lat='");
    sb.append(String.format(java.util.Locale.ROOT, "%.8f", lat(y))).append("' lon='");
    sb.append(String.format(java.util.Locale.ROOT, "%.8f", lon(x))).append("'/>\n");
  }

  /** Great-circle metres between two town positions, as GraphHopper measures. */
  static double metres(double x1, double y1, double x2, double y2) {
    double la1 = Math.toRadians(lat(y1));
    double la2 = Math.toRadians(lat(y2));
    double dLa = la2 - la1;
    double dLo = Math.toRadians(lon(x2) - lon(x1));
    double h =
        Math.sin(dLa / 2) * Math.sin(dLa / 2)
            + Math.cos(la1) * Math.cos(la2) * Math.sin(dLo / 2) * Math.sin(dLo / 2);
    return 2 * R * Math.asin(Math.sqrt(h));
  }

  /** A point's nearest place on a street: the segment's ends and the metres to each and off. */
  private record OnStreet(long a, long b, double toA, double toB, double off) {}

  private OnStreet nearest(double x, double y) {
    OnStreet best = null;
    for (long[] w : ways) {
      for (int i = 0; i + 1 < w.length; i++) {
        double[] p = nodes.get(w[i]);
        double[] q = nodes.get(w[i + 1]);
        double dx = q[0] - p[0];
        double dy = q[1] - p[1];
        double t = ((x - p[0]) * dx + (y - p[1]) * dy) / (dx * dx + dy * dy);
        t = Math.max(0, Math.min(1, t));
        double px = p[0] + t * dx;
        double py = p[1] + t * dy;
        double off = metres(x, y, px, py);
        if (best == null || off < best.off()) {
          best =
              new OnStreet(
                  w[i], w[i + 1], metres(px, py, p[0], p[1]), metres(px, py, q[0], q[1]), off);
        }
      }
    }
    return best;
  }

  /** Shortest walk in metres between two positions over the streets (Dijkstra, no index). */
  double walkMetres(double x1, double y1, double x2, double y2) {
    OnStreet from = nearest(x1, y1);
    OnStreet to = nearest(x2, y2);
    Map<Long, List<long[]>> adj = new HashMap<>();
    for (long[] w : ways) {
      for (int i = 0; i + 1 < w.length; i++) {
        adj.computeIfAbsent(w[i], k -> new ArrayList<>()).add(new long[] {w[i + 1]});
        adj.computeIfAbsent(w[i + 1], k -> new ArrayList<>()).add(new long[] {w[i]});
      }
    }
    Map<Long, Double> dist = new HashMap<>();
    PriorityQueue<double[]> queue = new PriorityQueue<>((u, v) -> Double.compare(u[1], v[1]));
    queue.add(new double[] {from.a(), from.toA()});
    queue.add(new double[] {from.b(), from.toB()});
    while (!queue.isEmpty()) {
      double[] top = queue.poll();
      long n = (long) top[0];
      if (dist.containsKey(n)) {
        continue;
      }
      dist.put(n, top[1]);
      double[] p = nodes.get(n);
      for (long[] e : adj.getOrDefault(n, List.of())) {
        double[] q = nodes.get(e[0]);
        queue.add(new double[] {e[0], top[1] + metres(p[0], p[1], q[0], q[1])});
      }
    }
    double along =
        Math.min(
            dist.getOrDefault(to.a(), Double.MAX_VALUE) + to.toA(),
            dist.getOrDefault(to.b(), Double.MAX_VALUE) + to.toB());
    boolean sameSegment =
        Arrays.equals(
            new long[] {Math.min(from.a(), from.b()), Math.max(from.a(), from.b())},
            new long[] {Math.min(to.a(), to.b()), Math.max(to.a(), to.b())});
    if (sameSegment) {
      along = Math.min(along, Math.abs(from.toA() - (to.a() == from.a() ? to.toA() : to.toB())));
    }
    return from.off() + along + to.off();
  }
}
