package org.yizhan.bench;

import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.yizhan.station.Station;

/**
 * Pre-generated query positions for the nearest-stations benchmarks, so that drawing random numbers
 * stays out of the measured code.
 *
 * <p>Most points are where people ask from: a random station moved by up to {@link #JITTER_M}
 * metres in a random direction (uniform over the disc). The rest are uniform over mainland China's
 * bounding box, which includes deserts, mountains and sea far from any station: the slow end of a
 * k-nearest search, because the search has to widen a long way before it has k answers.
 */
final class QueryPoints {

  /** How many points are cycled through; a power of two so the cursor wraps with a mask. */
  static final int COUNT = 4096;

  /** Share of points placed near a station; the rest are uniform over {@link #CHINA_BOX}. */
  static final double NEAR_STATION_SHARE = 0.8;

  /** Greatest distance of a near-station point from its station. */
  static final double JITTER_M = 5_000;

  /** Mainland China's extent, as the demo generator uses it: minLat, maxLat, minLon, maxLon. */
  static final double[] CHINA_BOX = {18.0, 54.0, 73.0, 135.0};

  private static final double METRES_PER_DEGREE_LAT = 111_195.0;

  final double[] lat = new double[COUNT];
  final double[] lon = new double[COUNT];

  /**
   * @param nearShare share of points near a station: {@link #NEAR_STATION_SHARE} for the standard
   *     mix, 1 for near-station points only, 0 for uniform points only
   */
  QueryPoints(List<Station> network, long seed, double nearShare) {
    // Id order, so that the same seed gives the same points whatever order the caller holds.
    List<Station> stations = network.stream().sorted(Comparator.comparing(Station::id)).toList();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < COUNT; i++) {
      if (rnd.nextDouble() < nearShare) {
        Station s = stations.get(rnd.nextInt(stations.size()));
        double r = JITTER_M * Math.sqrt(rnd.nextDouble());
        double bearing = rnd.nextDouble() * 2 * Math.PI;
        double la = s.location().lat();
        lat[i] = la + r * Math.cos(bearing) / METRES_PER_DEGREE_LAT;
        lon[i] =
            s.location().lon()
                + r * Math.sin(bearing) / (METRES_PER_DEGREE_LAT * Math.cos(Math.toRadians(la)));
      } else {
        lat[i] = CHINA_BOX[0] + rnd.nextDouble() * (CHINA_BOX[1] - CHINA_BOX[0]);
        lon[i] = CHINA_BOX[2] + rnd.nextDouble() * (CHINA_BOX[3] - CHINA_BOX[2]);
      }
    }
  }
}
