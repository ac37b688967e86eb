package org.yizhan.station;

/**
 * A walk to a station along the street network, as the walking network's router found it.
 *
 * @param distanceM metres along streets and paths, including the short steps from the worker's and
 *     the station's positions to the nearest street
 * @param minutes walking minutes at the router's foot speeds (not rounded)
 */
public record NetworkWalk(double distanceM, double minutes) {

  public NetworkWalk {
    if (!(distanceM >= 0) || !(minutes >= 0)) {
      throw new IllegalArgumentException("walk out of range: " + distanceM + " m, " + minutes);
    }
  }
}
