package org.yizhan.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.yizhan.json.JsonText;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;

/**
 * Live values as workers see them: joins the in-memory live state with the station registry
 * (capacity, position) and renders them with their age and staleness.
 */
public final class LiveView {

  private final LiveState state;
  private final LiveJson json;
  private final Supplier<StationSnapshot> stations;

  public LiveView(LiveState state, LiveJson json, Supplier<StationSnapshot> stations) {
    this.state = state;
    this.json = json;
    this.stations = stations;
  }

  /** Appends {@code ,"live":...} for a station to an open properties object. */
  public void appendLive(StringBuilder sb, Station s, Instant now) {
    sb.append(',');
    json.appendLive(sb, state.find(s.id()).orElse(null), s.capacity(), now);
  }

  /**
   * Whether a worker can count on a seat: a current (not stale, not above capacity) occupancy below
   * the station's capacity. Unknown is not free.
   */
  public boolean hasFreeSeat(Station s, Instant now) {
    StationLive l = state.find(s.id()).orElse(null);
    Measured<Integer> o = l == null ? null : l.occupancy();
    return o != null && o.value() < s.capacity() && json.freshness().isCurrent(o, now);
  }

  /** The station's indoor temperature if a current (not stale) value is known. */
  public java.util.OptionalDouble findCurrentTemperature(Station s, Instant now) {
    StationLive l = state.find(s.id()).orElse(null);
    Measured<Double> t = l == null ? null : l.temperatureC();
    return t != null && json.freshness().isCurrent(t, now)
        ? java.util.OptionalDouble.of(t.value())
        : java.util.OptionalDouble.empty();
  }

  /**
   * Updates for the stations whose live values changed since the last call, rendered only for
   * stations some subscriber watches ({@code wanted} by latitude and longitude): with 30k readings
   * a second, most changes are in nobody's box.
   */
  public List<LiveHub.Update> drainUpdates(Instant now, LiveHub.Interest wanted) {
    Set<String> ids = state.drainChanged();
    if (ids.isEmpty()) {
      return List.of();
    }
    StationSnapshot snap = stations.get();
    List<LiveHub.Update> out = new ArrayList<>();
    for (String id : ids) {
      Station s = snap.find(id).orElse(null);
      if (s == null || !wanted.watches(s.location().lat(), s.location().lon())) {
        continue;
      }
      StringBuilder sb = new StringBuilder(256).append("{\"id\":");
      JsonText.string(sb, id);
      appendLive(sb, s, now);
      out.add(
          new LiveHub.Update(
              id, s.location().lat(), s.location().lon(), sb.append('}').toString()));
    }
    return out;
  }
}
