package org.yizhan.live;

/**
 * The latest known measurements of one station, each from whichever device measured it last.
 * Immutable; replaced whole on every change. Freshness is not stored here: it depends on the clock
 * and on each device's expected interval, and is judged when the value is shown.
 */
public record StationLive(
    String stationId,
    Measured<Integer> occupancy,
    Measured<Double> temperatureC,
    Measured<Double> humidityPct) {

  static StationLive empty(String stationId) {
    return new StationLive(stationId, null, null, null);
  }

  StationLive merge(StationLive other) {
    return new StationLive(
        stationId,
        Measured.newer(occupancy, other.occupancy),
        Measured.newer(temperatureC, other.temperatureC),
        Measured.newer(humidityPct, other.humidityPct));
  }
}
