package org.yizhan.geo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.AbstractNode;
import org.locationtech.jts.index.strtree.Boundable;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * An immutable spatial index of WGS-84 points answering exact great-circle k-nearest and box
 * queries. JTS's {@link STRtree} packs the points (Sort-Tile-Recursive); the packed tree is then
 * copied into flat arrays, because JTS's own nearest-neighbour search ranks by planar box distance
 * (wrong on a sphere) and walking its object graph is about twice as slow.
 *
 * <p>The search is best-first on the haversine term {@code h} (monotonic in distance). Node bounds
 * and a first screening of points use only products of sines and cosines precomputed at build time
 * ({@code sin²(x/2) = (1 - cos x) / 2} with {@code cos(a - b)} expanded), so no trigonometric call
 * is made per node; these cheap values carry a small rounding error, which a slack absorbs. Every
 * point that might enter the answer is then measured with the exact haversine arithmetic of {@link
 * GreatCircle#distanceMeters}, so answers equal a brute-force scan to the last bit.
 *
 * <p>Points are identified by their position {@code 0..size-1} in the arrays given to {@link
 * #build}; among equally distant points the lower position wins.
 */
public final class PointIndex {

  private static final int NODE_CAPACITY = 12;

  /** Bound on the rounding error of the cheap h (absolute, plus relative to h). */
  static final double SLACK_ABS = 1e-14;

  static final double SLACK_REL = 1e-9;

  private final int size;
  private final double[] nodeMinLat;
  private final double[] nodeMaxLat;
  private final double[] nodeMinLon;
  private final double[] nodeMaxLon;

  /** sin and cos of the node's latitude and longitude edges, in radians. */
  private final double[] nodeTrig;

  /** The smallest cos(latitude) inside the node (cos is concave: at an edge). */
  private final double[] nodeCosMin;

  private final int[] nodeFirst;
  private final int[] nodeCount;
  private final boolean[] nodeIsLeaf;
  private final int[] slotItem;
  private final double[] slotLat;
  private final double[] slotLon;
  private final double[] slotPhi;
  private final double[] slotSinPhi;
  private final double[] slotCosPhi;
  private final double[] slotSinLam;
  private final double[] slotCosLam;

  private PointIndex(int size, List<AbstractNode> nodes, List<ItemBoundable> slots) {
    this.size = size;
    int n = nodes.size();
    nodeMinLat = new double[n];
    nodeMaxLat = new double[n];
    nodeMinLon = new double[n];
    nodeMaxLon = new double[n];
    nodeTrig = new double[n * 8];
    nodeCosMin = new double[n];
    nodeFirst = new int[n];
    nodeCount = new int[n];
    nodeIsLeaf = new boolean[n];
    int m = slots.size();
    slotItem = new int[m];
    slotLat = new double[m];
    slotLon = new double[m];
    slotPhi = new double[m];
    slotSinPhi = new double[m];
    slotCosPhi = new double[m];
    slotSinLam = new double[m];
    slotCosLam = new double[m];
    for (int j = 0; j < m; j++) {
      ItemBoundable ib = slots.get(j);
      Envelope e = (Envelope) ib.getBounds();
      slotItem[j] = (Integer) ib.getItem();
      slotLat[j] = e.getMinY();
      slotLon[j] = e.getMinX();
      slotPhi[j] = Math.toRadians(slotLat[j]);
      slotSinPhi[j] = Math.sin(slotPhi[j]);
      slotCosPhi[j] = Math.cos(slotPhi[j]);
      slotSinLam[j] = Math.sin(Math.toRadians(slotLon[j]));
      slotCosLam[j] = Math.cos(Math.toRadians(slotLon[j]));
    }
  }

  /** Builds the index; {@code lat[i], lon[i]} is point {@code i}. */
  public static PointIndex build(double[] lat, double[] lon) {
    if (lat.length != lon.length) {
      throw new IllegalArgumentException("lat and lon arrays differ in length");
    }
    List<AbstractNode> nodes = new ArrayList<>();
    List<ItemBoundable> slots = new ArrayList<>(lat.length);
    if (lat.length == 0) {
      return new PointIndex(0, nodes, slots);
    }
    STRtree tree = new STRtree(NODE_CAPACITY);
    for (int i = 0; i < lat.length; i++) {
      tree.insert(new Envelope(lon[i], lon[i], lat[i], lat[i]), i);
    }
    tree.build();
    nodes.add(tree.getRoot());
    // Breadth-first: each node's children land next to each other, and each leaf's points too.
    List<int[]> childRanges = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      AbstractNode node = nodes.get(i);
      List<?> children = node.getChildBoundables();
      boolean leaf = node.getLevel() == 0;
      int first = leaf ? slots.size() : nodes.size();
      for (Object child : children) {
        if (leaf) {
          slots.add((ItemBoundable) child);
        } else {
          nodes.add((AbstractNode) child);
        }
      }
      childRanges.add(new int[] {first, children.size(), leaf ? 1 : 0});
    }
    PointIndex index = new PointIndex(lat.length, nodes, slots);
    for (int i = 0; i < nodes.size(); i++) {
      index.setNode(i, (Envelope) ((Boundable) nodes.get(i)).getBounds(), childRanges.get(i));
    }
    return index;
  }

  private void setNode(int i, Envelope e, int[] range) {
    nodeMinLat[i] = e.getMinY();
    nodeMaxLat[i] = e.getMaxY();
    nodeMinLon[i] = e.getMinX();
    nodeMaxLon[i] = e.getMaxX();
    double[] angles = {e.getMinY(), e.getMaxY(), e.getMinX(), e.getMaxX()};
    for (int a = 0; a < 4; a++) {
      nodeTrig[i * 8 + 2 * a] = Math.sin(Math.toRadians(angles[a]));
      nodeTrig[i * 8 + 2 * a + 1] = Math.cos(Math.toRadians(angles[a]));
    }
    nodeCosMin[i] = Math.min(nodeTrig[i * 8 + 1], nodeTrig[i * 8 + 3]);
    nodeFirst[i] = range[0];
    nodeCount[i] = range[1];
    nodeIsLeaf[i] = range[2] == 1;
  }

  public int size() {
    return size;
  }

  /**
   * Finds up to {@code k} accepted points within {@code maxDistanceM} of the query, nearest first
   * (ties: lower position first). Fills {@code outItems} and {@code outDistM} and returns how many.
   */
  public int nearest(
      double lat,
      double lon,
      int k,
      double maxDistanceM,
      IntPredicate accept,
      int[] outItems,
      double[] outDistM) {
    if (size == 0 || k <= 0) {
      return 0;
    }
    Query q = new Query(lat, lon);
    Scratch s = Scratch.get();
    s.reset(k);
    double radiusH = GreatCircle.hFromMeters(maxDistanceM);
    s.pushNode(bound(0, q), 0);
    while (s.nodeCount > 0) {
      double limit = s.resultCount == k ? Math.min(radiusH, s.worstH()) : radiusH;
      double limitWithSlack = limit + SLACK_ABS + SLACK_REL * limit;
      if (s.peekNodeKey() > limitWithSlack) {
        break;
      }
      int node = s.popNode();
      int first = nodeFirst[node];
      int end = first + nodeCount[node];
      if (nodeIsLeaf[node]) {
        for (int j = first; j < end; j++) {
          if (cheapH(q, j) > limitWithSlack) {
            continue;
          }
          double h =
              GreatCircle.haversineH(q.phi, q.cosPhi, lon, slotPhi[j], slotCosPhi[j], slotLon[j]);
          if (h > limitWithSlack) {
            continue; // too far even allowing for rounding; spares the arcsine below
          }
          double d = GreatCircle.metersFromH(h);
          int item = slotItem[j];
          if (d <= maxDistanceM && s.wouldTake(d, item) && accept.test(item)) {
            s.offer(d, h, item);
            limit = s.resultCount == k ? Math.min(radiusH, s.worstH()) : radiusH;
            limitWithSlack = limit + SLACK_ABS + SLACK_REL * limit;
          }
        }
      } else {
        for (int c = first; c < end; c++) {
          double bc = bound(c, q);
          if (bc <= limitWithSlack) {
            s.pushNode(bc, c);
          }
        }
      }
    }
    return s.drainSorted(outItems, outDistM);
  }

  /** The query point's precomputed trigonometry. */
  private record Query(
      double lat,
      double lon,
      double phi,
      double sinPhi,
      double cosPhi,
      double sinLam,
      double cosLam) {
    Query(double lat, double lon) {
      this(
          lat,
          lon,
          Math.toRadians(lat),
          Math.sin(Math.toRadians(lat)),
          Math.cos(Math.toRadians(lat)),
          Math.sin(Math.toRadians(lon)),
          Math.cos(Math.toRadians(lon)));
    }
  }

  /** The haversine term of a point from products only; off by at most the slack. */
  private double cheapH(Query q, int j) {
    double cosDPhi = q.cosPhi * slotCosPhi[j] + q.sinPhi * slotSinPhi[j];
    double cosDLam = q.cosLam * slotCosLam[j] + q.sinLam * slotSinLam[j];
    return 0.5 * (1.0 - cosDPhi) + q.cosPhi * slotCosPhi[j] * 0.5 * (1.0 - cosDLam);
  }

  /**
   * A lower bound of the haversine term from the query to any point of the node's box: the latitude
   * term at the nearest latitude edge plus the longitude term at the nearest longitude edge,
   * weighted by the smallest cosine of latitude in the box. Each part is a lower bound of the
   * corresponding part of h for every point in the box.
   */
  double bound(int node, Query q) {
    int t = node * 8;
    double latTerm = 0.0;
    if (q.lat > nodeMaxLat[node]) {
      latTerm = 0.5 * (1.0 - (q.cosPhi * nodeTrig[t + 3] + q.sinPhi * nodeTrig[t + 2]));
    } else if (q.lat < nodeMinLat[node]) {
      latTerm = 0.5 * (1.0 - (q.cosPhi * nodeTrig[t + 1] + q.sinPhi * nodeTrig[t]));
    }
    double lonTerm = 0.0;
    if (q.lon < nodeMinLon[node] || q.lon > nodeMaxLon[node]) {
      double cosWest = q.cosLam * nodeTrig[t + 5] + q.sinLam * nodeTrig[t + 4];
      double cosEast = q.cosLam * nodeTrig[t + 7] + q.sinLam * nodeTrig[t + 6];
      lonTerm = q.cosPhi * nodeCosMin[node] * 0.5 * (1.0 - Math.max(cosWest, cosEast));
    }
    return Math.max(0.0, latTerm + lonTerm);
  }

  /** Calls {@code sink} with every point inside the box (edges included), in no set order. */
  public void within(double minLat, double maxLat, double minLon, double maxLon, IntConsumer sink) {
    if (size == 0) {
      return;
    }
    ArrayDeque<Integer> stack = new ArrayDeque<>();
    stack.push(0);
    while (!stack.isEmpty()) {
      int node = stack.pop();
      if (nodeMaxLat[node] < minLat
          || nodeMinLat[node] > maxLat
          || nodeMaxLon[node] < minLon
          || nodeMinLon[node] > maxLon) {
        continue;
      }
      int first = nodeFirst[node];
      int end = first + nodeCount[node];
      if (nodeIsLeaf[node]) {
        for (int j = first; j < end; j++) {
          if (slotLat[j] >= minLat
              && slotLat[j] <= maxLat
              && slotLon[j] >= minLon
              && slotLon[j] <= maxLon) {
            sink.accept(slotItem[j]);
          }
        }
      } else {
        for (int c = first; c < end; c++) {
          stack.push(c);
        }
      }
    }
  }
}
