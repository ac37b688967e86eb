package org.yizhan.routing.internal;

import com.carrotsearch.hppc.IntObjectHashMap;
import com.graphhopper.isochrone.algorithm.ShortestPathTree;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.EdgeIteratorState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.yizhan.station.NetworkWalk;
import org.yizhan.station.Station;

/**
 * Walks from one point to many stations with a single shortest-path tree: the stations' places on
 * the network are found once per station version and kept; each question snaps only its start,
 * grows one tree bounded in time, and stops as soon as every station's street ends are settled.
 *
 * <p>A station sits on an edge between two junctions; its walk is the better of "to the first
 * junction, then along the edge" and "to the second junction, then back along the edge", plus the
 * step from the street to the station. A station on the start's own edge may also be walked to
 * directly.
 */
public final class NetworkWalks {

  private final FootGraph graph;
  private final ConcurrentHashMap<String, Target> targets = new ConcurrentHashMap<>();

  public NetworkWalks(FootGraph graph) {
    this.graph = graph;
  }

  /**
   * Where a station meets the network.
   *
   * @param base a junction at one end of its edge, {@code -1} when the station is off the network
   */
  record Target(
      Station station,
      int base,
      int adj,
      int edge,
      double alongM,
      double lengthM,
      double offsetM,
      double millisPerM) {

    boolean onNetwork() {
      return base >= 0;
    }
  }

  /** The station's place on the network, computed once for each version of the station. */
  Target target(Station s) {
    Target t = targets.get(s.id());
    if (t != null && t.station() == s) {
      return t;
    }
    Optional<Snap> snap = graph.snap(s.location().lat(), s.location().lon());
    if (snap.isEmpty()) {
      t = new Target(s, -1, -1, -1, 0, 0, 0, 0);
    } else {
      Snap sn = snap.get();
      EdgeIteratorState e = sn.getClosestEdge();
      t =
          new Target(
              s,
              e.getBaseNode(),
              e.getAdjNode(),
              e.getEdge(),
              FootGraph.alongFromBase(sn),
              FootGraph.length(e),
              sn.getQueryDistance(),
              graph.millisPerMetre(e));
    }
    targets.put(s.id(), t);
    return t;
  }

  /**
   * Walks from a point to each station, bounded in time.
   *
   * @return one entry per station, {@code null} where the station is off the network or not reached
   *     within {@code limitMin}; empty when the start itself is off the network
   */
  public Optional<NetworkWalk[]> walks(double lat, double lon, List<Station> to, double limitMin) {
    return walks(lat, lon, to, limitMin, to.size());
  }

  /**
   * As {@link #walks(double, double, List, double)}, but only the {@code wanted} shortest walks
   * need be exact: the search stops once the tree has grown {@link #MARGIN} past the {@code
   * wanted}-th shortest walk found, since every station not yet reached is further than that. The
   * tree grows in order of GraphHopper's weight (time over foot priority), not of time alone, hence
   * the margin. Stations left out get {@code null} or a walk that may be too long.
   */
  public Optional<NetworkWalk[]> walks(
      double lat, double lon, List<Station> to, double limitMin, int wanted) {
    Optional<Snap> found = graph.snap(lat, lon);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Snap start = found.get();
    EdgeIteratorState startEdge = start.getClosestEdge();
    int startEdgeId = startEdge.getEdge();
    double startAlong = FootGraph.alongFromBase(start);
    double startMsPerM = graph.millisPerMetre(startEdge);
    double startOffset = start.getQueryDistance();

    Target[] ts = new Target[to.size()];
    IntObjectHashMap<List<Integer>> byNode = new IntObjectHashMap<>();
    for (int i = 0; i < ts.length; i++) {
      ts[i] = target(to.get(i));
      if (ts[i].onNetwork()) {
        add(byNode, ts[i].base(), i);
        add(byNode, ts[i].adj(), i);
      }
    }
    double[] bestMs = new double[ts.length];
    double[] bestM = new double[ts.length];
    java.util.Arrays.fill(bestMs, Double.POSITIVE_INFINITY);
    for (int i = 0; i < ts.length; i++) {
      Target t = ts[i];
      if (t.onNetwork() && t.edge() == startEdgeId) {
        double along = Math.abs(t.alongM() - startAlong);
        bestM[i] = along + t.offsetM() + startOffset;
        bestMs[i] =
            along * t.millisPerM() + t.offsetM() * t.millisPerM() + startOffset * startMsPerM;
      }
    }
    double limitMs = limitMin * 60_000;
    int[] pending = {byNode.size()};
    Shortest shortest = new Shortest(wanted);
    for (double ms : bestMs) {
      shortest.offer(ms);
    }
    if (pending[0] > 0) {
      FootGraph.Tree tree = graph.tree(start, limitMs);
      try {
        tree.spt()
            .search(
                start.getClosestNode(),
                label -> {
                  if (label.time > shortest.bound() * MARGIN) {
                    throw AllSettled.INSTANCE;
                  }
                  List<Integer> here = byNode.get(label.node);
                  if (here == null) {
                    return;
                  }
                  for (int i : here) {
                    double before = bestMs[i];
                    settle(ts[i], label, startOffset * startMsPerM, startOffset, i, bestMs, bestM);
                    if (bestMs[i] < before && before == Double.POSITIVE_INFINITY) {
                      shortest.offer(bestMs[i]);
                    }
                  }
                  if (--pending[0] == 0) {
                    throw AllSettled.INSTANCE;
                  }
                });
      } catch (AllSettled done) {
        // every station's junctions are settled: the rest of the tree is not needed
      }
    }
    NetworkWalk[] out = new NetworkWalk[ts.length];
    for (int i = 0; i < ts.length; i++) {
      if (bestMs[i] <= limitMs) {
        out[i] = new NetworkWalk(bestM[i], bestMs[i] / 60_000);
      }
    }
    return Optional.of(out);
  }

  /** How far past the wanted-th walk the tree grows before it stops. */
  static final double MARGIN = 1.25;

  /**
   * The {@code k} shortest first-found walk times: a bound the k-th walk cannot exceed (a walk
   * found first may still shorten through the street's other end, which only lowers the bound).
   */
  private static final class Shortest {
    private final double[] top;
    private int n;

    Shortest(int k) {
      top = new double[Math.max(1, k)];
    }

    void offer(double ms) {
      if (ms == Double.POSITIVE_INFINITY) {
        return;
      }
      if (n < top.length) {
        top[n++] = ms;
        java.util.Arrays.sort(top, 0, n);
      } else if (ms < top[n - 1]) {
        top[n - 1] = ms;
        java.util.Arrays.sort(top, 0, n);
      }
    }

    /** The k-th shortest walk so far, or infinity while fewer than k are known. */
    double bound() {
      return n < top.length ? Double.POSITIVE_INFINITY : top[n - 1];
    }
  }

  private static void settle(
      Target t,
      ShortestPathTree.IsoLabel label,
      double startStepMs,
      double startStepM,
      int i,
      double[] bestMs,
      double[] bestM) {
    double alongM = label.node == t.base() ? t.alongM() : t.lengthM() - t.alongM();
    double m = label.distance + alongM + t.offsetM() + startStepM;
    double ms = label.time + (alongM + t.offsetM()) * t.millisPerM() + startStepMs;
    if (ms < bestMs[i]) {
      bestMs[i] = ms;
      bestM[i] = m;
    }
  }

  private static void add(IntObjectHashMap<List<Integer>> byNode, int node, int i) {
    List<Integer> l = byNode.get(node);
    if (l == null) {
      l = new ArrayList<>(2);
      byNode.put(node, l);
    }
    l.add(i);
  }

  /** Ends a search early; thrown without a stack trace, it costs no more than a return. */
  private static final class AllSettled extends RuntimeException {
    static final AllSettled INSTANCE = new AllSettled();

    private AllSettled() {
      super("all settled", null, false, false);
    }
  }
}
