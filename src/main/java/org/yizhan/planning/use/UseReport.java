package org.yizhan.planning.use;

import java.time.Instant;
import java.util.List;

/**
 * The use of a network's stations over a period.
 *
 * @param stations every station of the network, in id order (those without data too)
 * @param overloaded stations judged overloaded, most often full first
 * @param underused stations judged under-used, emptiest first
 */
public record UseReport(
    Instant from,
    Instant to,
    UseRules rules,
    List<StationUse> stations,
    List<StationUse> overloaded,
    List<StationUse> underused) {

  /** A station's use by id, if it is in the report. */
  public java.util.Optional<StationUse> find(String stationId) {
    return stations.stream().filter(s -> s.stationId().equals(stationId)).findFirst();
  }
}
