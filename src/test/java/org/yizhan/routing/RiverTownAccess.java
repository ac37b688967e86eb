package org.yizhan.routing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The test river town for tests outside this package (the phone map's browser test). */
public final class RiverTownAccess {

  private RiverTownAccess() {}

  /** Writes the town's OSM XML into {@code dir}. */
  public static Path write(Path dir) throws IOException {
    return new RiverTown().write(dir);
  }

  /** The worker's position: {lat, lon}. */
  public static double[] worker() {
    return latLon(WalkingNetworkTest.WORKER);
  }

  /** The stations' positions by id: {lat, lon}. */
  public static Map<String, double[]> places() {
    Map<String, double[]> out = new HashMap<>();
    WalkingNetworkTest.PLACES.forEach((id, xy) -> out.put(id, latLon(xy)));
    return out;
  }

  private static double[] latLon(double[] xy) {
    return new double[] {RiverTown.lat(xy[1]), RiverTown.lon(xy[0])};
  }
}
