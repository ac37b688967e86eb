package org.yizhan.routing.internal;

import com.graphhopper.isochrone.algorithm.ContourBuilder;
import com.graphhopper.isochrone.algorithm.JTSTriangulator;
import com.graphhopper.isochrone.algorithm.Triangulator;
import com.graphhopper.storage.index.Snap;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;

/**
 * Walking isochrones the way GraphHopper's own isochrone service draws them: a time-bounded
 * shortest-path tree, a triangulation of the reached points, and the contour at the time asked.
 */
public final class Isochrones {

  private final FootGraph graph;
  private final JTSTriangulator triangulator;

  public Isochrones(FootGraph graph) {
    this.graph = graph;
    this.triangulator = new JTSTriangulator(graph.hopper().getRouterConfig());
  }

  /**
   * The area reachable on foot within {@code minutes} of a point (WGS84, x = longitude), or empty
   * when the point is off the network. CPU-bound: tens of milliseconds for 15 minutes in a city.
   */
  public Optional<Geometry> around(double lat, double lon, int minutes) {
    Optional<Snap> found = graph.snap(lat, lon);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Snap start = found.get();
    double limitMs = minutes * 60_000.0;
    // explore past the contour so the triangles that cross it have both corners
    FootGraph.Tree tree = graph.tree(start, limitMs + Math.max(limitMs * 0.14, 200_000));
    Triangulator.Result r =
        triangulator.triangulate(start, tree.graph(), tree.spt(), label -> label.time, 0);
    ContourBuilder contour = new ContourBuilder(r.triangulation);
    return Optional.of(contour.computeIsoline(limitMs, r.seedEdges));
  }
}
