package org.yizhan.routing.internal;

import com.graphhopper.GraphHopper;
import com.graphhopper.config.Profile;
import com.graphhopper.isochrone.algorithm.ShortestPathTree;
import com.graphhopper.routing.ev.Subnetwork;
import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.routing.util.DefaultSnapFilter;
import com.graphhopper.routing.util.EdgeFilter;
import com.graphhopper.routing.util.TraversalMode;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.BaseGraph;
import com.graphhopper.storage.index.LocationIndex;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.DistanceCalcEarth;
import com.graphhopper.util.EdgeIteratorState;
import com.graphhopper.util.FetchMode;
import com.graphhopper.util.GHUtility;
import com.graphhopper.util.PMap;
import com.graphhopper.util.PointList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The street network imported by GraphHopper with its foot profile (the custom model GraphHopper
 * ships as {@code foot.json}), and the few read-only questions asked of it: where a point meets the
 * network, and a shortest-path tree from there. Safe for concurrent readers once opened.
 */
public final class FootGraph implements AutoCloseable {

  static final String PROFILE = "foot";

  /**
   * Networks with fewer junctions than this are islands (a courtyard, a closed campus): points do
   * not snap to them. GraphHopper's own default is 200; ours is lower so that small extracts (a
   * district, a test) still route.
   */
  static final int MIN_NETWORK_NODES = 20;

  /** A point further than this from any walkable street is not on the network. */
  public static final double MAX_SNAP_M = 400;

  private static final String STAMP = "yizhan-source.txt";

  private final GraphHopper hopper;
  private final BaseGraph graph;
  private final LocationIndex index;
  private final Weighting weighting;
  private final EdgeFilter snapFilter;

  private FootGraph(GraphHopper hopper) {
    this.hopper = hopper;
    this.graph = hopper.getBaseGraph();
    this.index = hopper.getLocationIndex();
    this.weighting = hopper.createWeighting(hopper.getProfile(PROFILE), new PMap());
    this.snapFilter =
        new DefaultSnapFilter(
            weighting, hopper.getEncodingManager().getBooleanEncodedValue(Subnetwork.key(PROFILE)));
  }

  /**
   * Loads the graph kept in {@code dir} if it was imported from this same file (path, size, time),
   * otherwise imports the file afresh into {@code dir}. Blocking: seconds to minutes.
   */
  public static FootGraph importOrLoad(Path osmFile, Path dir) throws IOException {
    Files.createDirectories(dir);
    String source =
        osmFile.toAbsolutePath()
            + "\n"
            + Files.size(osmFile)
            + "\n"
            + Files.getLastModifiedTime(osmFile).toMillis()
            + "\n";
    Path stamp = dir.resolve(STAMP);
    GraphHopper gh = configured(osmFile, dir);
    if (!Files.exists(stamp) || !Files.readString(stamp).equals(source)) {
      gh.clean(); // a graph from another extract, or a half-finished import
    }
    try {
      gh.importOrLoad();
    } catch (RuntimeException e) {
      gh.close();
      throw e;
    }
    Files.createDirectories(dir);
    Files.writeString(stamp, source);
    return new FootGraph(gh);
  }

  private static GraphHopper configured(Path osmFile, Path dir) {
    GraphHopper gh = new GraphHopper();
    gh.setOSMFile(osmFile.toString());
    gh.setGraphHopperLocation(dir.toString());
    gh.setEncodedValuesString(
        "foot_access, foot_priority, foot_average_speed, hike_rating, mtb_rating");
    gh.setProfiles(
        new Profile(PROFILE).setCustomModel(GHUtility.loadCustomModelFromJar("foot.json")));
    gh.setMinNetworkSize(MIN_NETWORK_NODES);
    return gh;
  }

  /** Where a point meets the walkable network, if within {@link #MAX_SNAP_M}. */
  public Optional<Snap> snap(double lat, double lon) {
    Snap s = index.findClosest(lat, lon, snapFilter);
    if (!s.isValid() || s.getQueryDistance() > MAX_SNAP_M) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** Metres along the snapped edge from its base node to the snapped point. */
  static double alongFromBase(Snap s) {
    PointList pl = s.getClosestEdge().fetchWayGeometry(FetchMode.ALL);
    DistanceCalcEarth d = DistanceCalcEarth.DIST_EARTH;
    double along = 0;
    int last = Math.min(s.getWayIndex(), pl.size() - 1);
    for (int i = 0; i < last; i++) {
      along += d.calcDist(pl.getLat(i), pl.getLon(i), pl.getLat(i + 1), pl.getLon(i + 1));
    }
    return along
        + d.calcDist(
            pl.getLat(last),
            pl.getLon(last),
            s.getSnappedPoint().getLat(),
            s.getSnappedPoint().getLon());
  }

  /** Metres of the edge's whole geometry, measured as {@link #alongFromBase} measures. */
  static double length(EdgeIteratorState e) {
    return DistanceCalcEarth.DIST_EARTH.calcDistance(e.fetchWayGeometry(FetchMode.ALL));
  }

  /** Walking milliseconds per metre on an edge (either way; the foot profile is symmetric). */
  double millisPerMetre(EdgeIteratorState e) {
    double m = e.getDistance();
    if (m <= 0) {
      return 1000 * 3.6 / 5.0; // 5 km/h, GraphHopper's usual foot speed
    }
    return weighting.calcEdgeMillis(e, false) / m;
  }

  /**
   * A shortest-path tree from {@code start} (a fresh snap: the query graph makes it a virtual
   * node), bounded in walking time.
   */
  Tree tree(Snap start, double limitMs) {
    QueryGraph qg = QueryGraph.create(graph, start);
    ShortestPathTree spt =
        new ShortestPathTree(qg, qg.wrapWeighting(weighting), false, TraversalMode.NODE_BASED);
    spt.setTimeLimit(limitMs);
    return new Tree(qg, spt, start);
  }

  /** A search ready to run, and the query graph it runs on (for isochrones). */
  record Tree(QueryGraph graph, ShortestPathTree spt, Snap start) {}

  GraphHopper hopper() {
    return hopper;
  }

  /** Nodes (junctions and ends of ways) in the graph. */
  public int nodes() {
    return graph.getNodes();
  }

  /** Bytes the graph and its location index take (GraphHopper's own count). */
  public long bytes() {
    return graph.getCapacity()
        + ((com.graphhopper.storage.index.LocationIndexTree) index).getCapacity();
  }

  /** The network's extent: min lat, max lat, min lon, max lon. */
  public double[] bounds() {
    var b = graph.getBounds();
    return new double[] {b.minLat, b.maxLat, b.minLon, b.maxLon};
  }

  @Override
  public void close() {
    hopper.close();
  }
}
