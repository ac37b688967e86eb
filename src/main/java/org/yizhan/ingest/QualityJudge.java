package org.yizhan.ingest;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.yizhan.quality.ReadingQuality;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;
import org.yizhan.telemetry.Reading;

/**
 * The writer's judge: each reading, in ingest order, gets the quality flags of its device's stream
 * (stuck, jumping, over the station's capacity) before it is stored, announced and shown live. A
 * reading of a station no longer in the registry is judged without a capacity (capacity 0: no
 * capacity rule).
 */
final class QualityJudge implements UnaryOperator<Reading> {

  private final ReadingQuality quality;
  private final Supplier<StationSnapshot> stations;

  QualityJudge(ReadingQuality quality, Supplier<StationSnapshot> stations) {
    this.quality = quality;
    this.stations = stations;
  }

  @Override
  public Reading apply(Reading r) {
    int capacity = stations.get().find(r.stationId()).map(Station::capacity).orElse(0);
    return r.withFlags(quality.assess(r, capacity, r.batched()));
  }
}
