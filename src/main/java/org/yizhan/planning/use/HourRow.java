package org.yizhan.planning.use;

import java.time.Instant;

/**
 * One station's valid readings within one clock hour (flagged readings left out).
 *
 * @param hour the hour's start (UTC)
 * @param meanOccupancy mean of the occupancy readings; NaN when the hour had none
 * @param meanTemperatureC mean of the temperature readings; NaN when the hour had none
 */
public record HourRow(
    String stationId, Instant hour, double meanOccupancy, double meanTemperatureC) {}
