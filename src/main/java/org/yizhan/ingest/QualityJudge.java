package org.yizhan.ingest;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

  private static final Logger LOG = LoggerFactory.getLogger(QualityJudge.class);

  private final ReadingQuality quality;
  private final Supplier<StationSnapshot> stations;

  QualityJudge(ReadingQuality quality, Supplier<StationSnapshot> stations) {
    this.quality = quality;
    this.stations = stations;
  }

  @Override
  public Reading apply(Reading r) {
    return r.withFlags(quality.assess(r, capacity(r), r.batched()));
  }

  /**
   * Takes in readings judged elsewhere (another instance's committed batch, or stored before a
   * restart), so that this judge's next verdict on their devices follows the whole stream. Any
   * thread.
   */
  void observe(Reading r) {
    quality.observe(r, capacity(r));
  }

  /** As {@link #observe(Reading)}, for a batch; a failure is logged, not passed on. */
  void observe(List<Reading> readings) {
    try {
      for (Reading r : readings) {
        observe(r);
      }
    } catch (RuntimeException e) {
      LOG.error("quality: cannot take in readings judged elsewhere", e);
    }
  }

  private int capacity(Reading r) {
    return stations.get().find(r.stationId()).map(Station::capacity).orElse(0);
  }
}
