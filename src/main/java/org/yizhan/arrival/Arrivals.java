package org.yizhan.arrival;

import java.time.Instant;
import org.yizhan.live.Freshness;
import org.yizhan.live.LiveState;
import org.yizhan.live.Measured;
import org.yizhan.live.StationLive;
import org.yizhan.station.Station;
import org.yizhan.station.hours.OpenState;

/**
 * Predictions as answers carry them: the latest {@link ArrivalModel} (a {@code volatile} snapshot,
 * swapped whole by the refresh; readers never lock) joined with the station's live occupancy when
 * that is current by the {@link Freshness} rule. Cheap enough for every nearby answer: a map
 * look-up and a few array reads per station.
 */
public final class Arrivals {

  private static final Arrivals OFF = new Arrivals(null, null);

  private final LiveState live;
  private final Freshness freshness;
  private volatile ArrivalModel model;

  Arrivals(LiveState live, Freshness freshness) {
    this.live = live;
    this.freshness = freshness;
  }

  /** Predictions from a fixed model: for benchmarks and tools that build one themselves. */
  public static Arrivals of(ArrivalModel model, LiveState live, Freshness freshness) {
    Arrivals a = new Arrivals(live, freshness);
    a.use(model);
    return a;
  }

  /** Predictions switched off: answers carry no {@code arrival} field. */
  public static Arrivals off() {
    return OFF;
  }

  void use(ArrivalModel m) {
    model = m;
  }

  /**
   * The prediction for a worker arriving after {@code walkingMinutes}; empty while predictions are
   * off or before the model was first built.
   */
  public java.util.Optional<Prediction> find(Station s, int walkingMinutes, Instant now) {
    ArrivalModel m = model;
    if (m == null || this == OFF) {
      return java.util.Optional.empty();
    }
    Prediction p =
        Forecast.predict(
            m.find(s.id()), s.capacity(), current(s, now), now, Math.max(0, walkingMinutes));
    // a closed station's seats are not free, whatever the typical week says
    boolean closed = s.openingHours().stateAt(p.arrival()) == OpenState.CLOSED;
    return java.util.Optional.of(closed ? p.closed() : p);
  }

  /**
   * Appends {@code ,"arrival":{...}} to an open properties object; nothing while predictions are
   * off or before the model was first built.
   */
  public void append(StringBuilder sb, Station s, int walkingMinutes, Instant now) {
    find(s, walkingMinutes, now).ifPresent(p -> ArrivalJson.append(sb, p));
  }

  /** The live occupancy if current and within capacity, else NaN. */
  private double current(Station s, Instant now) {
    StationLive l = live.find(s.id()).orElse(null);
    Measured<Integer> o = l == null ? null : l.occupancy();
    if (o == null || o.value() > s.capacity() || !freshness.isCurrent(o, now)) {
      return Double.NaN;
    }
    return o.value();
  }
}
