package org.yizhan.planning.use;

/**
 * How one station was used over a period.
 *
 * @param hoursWithData clock hours with at least one valid occupancy reading
 * @param openHours of those, the hours the station was open by its published hours (hours whose
 *     state the hours cannot tell, such as public holidays, count as open)
 * @param fullShare share of {@code openHours} that were full; NaN without open hours
 * @param meanOccupancy mean occupancy over {@code openHours} (people); NaN without open hours
 * @param meanOccupancyShare {@code meanOccupancy} as a share of the capacity
 * @param heat mean occupancy as a share of capacity by local weekday (0 = Monday) and hour of day
 *     (Asia/Shanghai), over every hour with data, open or not; NaN where there was none
 * @param hotHours open hours whose mean temperature was above the station's too-hot threshold
 * @param coldHours open hours whose mean temperature was below its too-cold threshold
 * @param fullReports workers' reports that the station was full, in the period
 */
public record StationUse(
    String stationId,
    String name,
    String city,
    String district,
    int capacity,
    int hoursWithData,
    int openHours,
    double fullShare,
    double meanOccupancy,
    double meanOccupancyShare,
    double[][] heat,
    int hotHours,
    int coldHours,
    int fullReports) {}
