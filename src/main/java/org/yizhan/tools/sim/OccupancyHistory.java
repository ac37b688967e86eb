package org.yizhan.tools.sim;

import java.util.List;
import org.yizhan.station.Station;

/**
 * Weeks of simulated occupancy for stations, in memory and in seconds: the same device model that
 * the simulator publishes from (daily curve, weather, noise, opening hours), stepped at a fixed
 * interval without devices, network or server. For the free-seats-on-arrival benchmark.
 */
public final class OccupancyHistory {

  /** Marks a step at which the station is closed (its occupancy is then 0). */
  public static final int CLOSED = -1;

  private OccupancyHistory() {}

  /**
   * Occupancy of each station at {@code startMs + k * stepMs}, {@code k < steps}: {@code
   * out[station][k]} people, or {@link #CLOSED}.
   *
   * @param seed the simulator's seed: the same seed gives the same weather and noise
   */
  public static int[][] of(
      List<Station> stations, long seed, long startMs, long stepMs, int steps) {
    int[][] out = new int[stations.size()][steps];
    for (int i = 0; i < stations.size(); i++) {
      Station s = stations.get(i);
      StationInfo info =
          new StationInfo(
              s.id(),
              s.capacity(),
              s.openingHours().spec(),
              s.city(),
              s.kind().code(),
              s.location().lat(),
              s.location().lon());
      DeviceModel model = new DeviceModel(info, Fault.NONE, seed, startMs);
      for (int k = 0; k < steps; k++) {
        long t = startMs + k * stepMs;
        SimReading r = model.next(t, t);
        out[i][k] = model.openAt(t) ? r.occupancy() : CLOSED;
      }
    }
    return out;
  }
}
