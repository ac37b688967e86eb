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
 * <p>Points are identified by their position {@code 0..size-1} in the arrays given to {@link
 * #build}; among equally distant points the lower position wins, so callers that order their items
 * (by id, say) get a deterministic answer equal to a sorted brute-force scan.
 */
public final class PointIndex {

  private static final int NODE_CAPACITY = 12;

  private final int size;
  private final double[] nodeMinLat;
  private final double[] nodeMaxLat;
  private final double[] nodeMinLon;
  private final double[] nodeMaxLon;
  private final int[] nodeFirst;
  private final int[] nodeCount;
  private final boolean[] nodeIsLeaf;
  private final int[] slotItem;
  private final double[] slotPhi;
  private final double[] slotCosPhi;
  private final double[] slotLat;
  private final double[] slotLon;

  private PointIndex(int size, List<AbstractNode> nodes, List<ItemBoundable> slots) {
    this.size = size;
    int n = nodes.size();
    nodeMinLat = new double[n];
    nodeMaxLat = new double[n];
    nodeMinLon = new double[n];
    nodeMaxLon = new double[n];
    nodeFirst = new int[n];
    nodeCount = new int[n];
    nodeIsLeaf = new boolean[n];
    int m = slots.size();
    slotItem = new int[m];
    slotPhi = new double[m];
    slotCosPhi = new double[m];
    slotLat = new double[m];
    slotLon = new double[m];
    for (int j = 0; j < m; j++) {
      ItemBoundable ib = slots.get(j);
      Envelope e = (Envelope) ib.getBounds();
      slotItem[j] = (Integer) ib.getItem();
      slotLat[j] = e.getMinY();
      slotLon[j] = e.getMinX();
      slotPhi[j] = Math.toRadians(slotLat[j]);
      slotCosPhi[j] = Math.cos(slotPhi[j]);
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
      Envelope e = (Envelope) ((Boundable) nodes.get(i)).getBounds();
      index.nodeMinLat[i] = e.getMinY();
      index.nodeMaxLat[i] = e.getMaxY();
      index.nodeMinLon[i] = e.getMinX();
      index.nodeMaxLon[i] = e.getMaxX();
      int[] r = childRanges.get(i);
      index.nodeFirst[i] = r[0];
      index.nodeCount[i] = r[1];
      index.nodeIsLeaf[i] = r[2] == 1;
    }
    return index;
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
    Scratch s = Scratch.get();
    s.reset(k);
    double qPhi = Math.toRadians(lat);
    double qCos = Math.cos(qPhi);
    s.pushNode(bound(0, lat, lon), 0);
    while (s.nodeCount > 0) {
      double b = s.peekNodeKey();
      double limit = s.resultCount == k ? Math.min(maxDistanceM, s.worstDist()) : maxDistanceM;
      if (b > limit) {
        break;
      }
      int node = s.popNode();
      int first = nodeFirst[node];
      int end = first + nodeCount[node];
      if (nodeIsLeaf[node]) {
        for (int j = first; j < end; j++) {
          double d =
              GreatCircle.distanceMeters(qPhi, qCos, lon, slotPhi[j], slotCosPhi[j], slotLon[j]);
          if (d <= maxDistanceM && s.wouldTake(d, slotItem[j]) && accept.test(slotItem[j])) {
            s.offer(d, slotItem[j]);
          }
        }
      } else {
        for (int c = first; c < end; c++) {
          double bc = bound(c, lat, lon);
          if (bc <= limit) {
            s.pushNode(bc, c);
          }
        }
      }
    }
    return s.drainSorted(outItems, outDistM);
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

  private double bound(int node, double lat, double lon) {
    return GreatCircle.lowerBoundToBox(
        lat, lon, nodeMinLat[node], nodeMaxLat[node], nodeMinLon[node], nodeMaxLon[node]);
  }
}
