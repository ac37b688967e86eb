package org.yizhan.bench;

import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.AbstractNode;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.STRtree;
import org.yizhan.Server;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.geo.GreatCircle;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;

/**
 * Diagnostic, not a benchmark: counts the work one 10-nearest search does, by replaying the
 * algorithm of {@code PointIndex.nearest} (best-first over the same JTS STR tree with node capacity
 * 12, pruning with {@link GreatCircle#lowerBoundToBox}, exact haversine in the leaves) with
 * counters: nodes expanded, box bounds computed (split by whether the query's longitude falls in
 * the box's range, the cheap case, or not, which costs two point-to-meridian distances), and point
 * distances computed.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.yizhan.bench.SearchCost}
 */
public final class SearchCost {

  private static final int NODE_CAPACITY = 12;
  private static final int K = 10;

  private SearchCost() {}

  public static void main(String[] args) {
    List<Station> stations =
        StationSnapshot.of(DemoNetworkGenerator.national(Server.DEMO_SEED)).list();
    STRtree tree = new STRtree(NODE_CAPACITY);
    for (int i = 0; i < stations.size(); i++) {
      double la = stations.get(i).location().lat();
      double lo = stations.get(i).location().lon();
      tree.insert(new Envelope(lo, lo, la, la), new double[] {la, lo});
    }
    tree.build();
    System.out.printf(
        Locale.ROOT,
        "tree: %d points, %d levels above the leaves%n",
        stations.size(),
        tree.getRoot().getLevel());
    for (String set : new String[] {"mixed", "near", "uniform"}) {
      double share =
          switch (set) {
            case "mixed" -> QueryPoints.NEAR_STATION_SHARE;
            case "near" -> 1.0;
            default -> 0.0;
          };
      QueryPoints points = new QueryPoints(stations, NearestBenchmark.POINTS_SEED, share);
      Counts total = new Counts();
      for (int q = 0; q < QueryPoints.COUNT; q++) {
        search(tree.getRoot(), points.lat[q], points.lon[q], total);
      }
      double n = QueryPoints.COUNT;
      System.out.printf(
          Locale.ROOT,
          "%-8s per query: %.1f nodes expanded (%.1f leaves), %.1f box bounds (%.1f off-longitude),"
              + " %.1f point distances%n",
          set,
          total.expanded / n,
          total.leaves / n,
          total.bounds / n,
          total.offLongitude / n,
          total.distances / n);
    }
  }

  private static final class Counts {
    long expanded;
    long leaves;
    long bounds;
    long offLongitude;
    long distances;
  }

  private record Entry(double bound, AbstractNode node) {}

  private static double bound(AbstractNode node, double lat, double lon, Counts c) {
    Envelope e = (Envelope) node.getBounds();
    c.bounds++;
    if (lon < e.getMinX() || lon > e.getMaxX()) {
      c.offLongitude++;
    }
    return GreatCircle.lowerBoundToBox(
        lat, lon, e.getMinY(), e.getMaxY(), e.getMinX(), e.getMaxX());
  }

  private static void search(AbstractNode root, double lat, double lon, Counts c) {
    PriorityQueue<Entry> open = new PriorityQueue<>((a, b) -> Double.compare(a.bound, b.bound));
    PriorityQueue<Double> best = new PriorityQueue<>((a, b) -> Double.compare(b, a));
    open.add(new Entry(bound(root, lat, lon, c), root));
    while (!open.isEmpty()) {
      double limit = best.size() == K ? best.peek() : Double.MAX_VALUE;
      if (open.peek().bound > limit) {
        break;
      }
      AbstractNode node = open.poll().node;
      c.expanded++;
      if (node.getLevel() == 0) {
        c.leaves++;
        for (Object child : node.getChildBoundables()) {
          double[] p = (double[]) ((ItemBoundable) child).getItem();
          c.distances++;
          double d = GreatCircle.distanceMeters(lat, lon, p[0], p[1]);
          if (best.size() < K) {
            best.add(d);
          } else if (d < best.peek()) {
            best.poll();
            best.add(d);
          }
        }
      } else {
        for (Object child : node.getChildBoundables()) {
          double b = bound((AbstractNode) child, lat, lon, c);
          if (b <= limit) {
            open.add(new Entry(b, (AbstractNode) child));
          }
        }
      }
    }
  }
}
