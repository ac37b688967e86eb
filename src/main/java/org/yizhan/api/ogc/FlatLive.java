package org.yizhan.api.ogc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.json.JsonText;
import org.yizhan.live.Freshness;
import org.yizhan.live.LiveState;
import org.yizhan.live.Measured;
import org.yizhan.live.StationLive;
import org.yizhan.station.Station;

/**
 * A station's live values as flat properties with a fixed set of names, for GIS tools whose
 * attribute tables have no nested objects. The same values as the map API's {@code live} object
 * ({@link org.yizhan.live.LiveJson}), judged by the same {@link Freshness} rule: a stale value is
 * {@code null} in its value field and given only as {@code *_last_known}; an occupancy above
 * capacity is {@code invalid}. A name without a value is {@code null}; without any data each {@code
 * *_state} is {@code "none"}. Written straight into the answer: a page of 10,000 features must not
 * parse anything.
 */
final class FlatLive {

  private static final String[] MEASURES = {"occupancy", "temperature_c", "humidity_pct"};

  /** Every live property name, in order. */
  static final List<String> KEYS = keys();

  private final LiveState state;
  private final Freshness freshness;

  FlatLive(LiveState state, Freshness freshness) {
    this.state = state;
    this.freshness = freshness;
  }

  /** Appends {@code ,"occupancy":...} and the other live properties to an open object. */
  void append(StringBuilder sb, Station s, Instant now) {
    StationLive l = state.find(s.id()).orElse(null);
    Measured<Integer> occupancy = l == null ? null : l.occupancy();
    if (occupancy != null && occupancy.value() > s.capacity()) {
      sb.append(
          ",\"occupancy\":null,\"occupancy_state\":\"invalid\",\"occupancy_last_known\":null");
      sb.append(",\"occupancy_at\":\"").append(occupancy.time()).append('"');
      sb.append(",\"occupancy_age_s\":").append(age(occupancy, now));
      sb.append(",\"occupancy_stale_after_s\":null,\"occupancy_problem\":\"above_capacity\"");
      sb.append(",\"free_seats\":null");
    } else {
      boolean current = value(sb, MEASURES[0], occupancy, now, 0);
      sb.append(",\"occupancy_problem\":null,\"free_seats\":");
      if (current) {
        sb.append(s.capacity() - occupancy.value());
      } else {
        sb.append("null");
      }
    }
    value(sb, MEASURES[1], l == null ? null : l.temperatureC(), now, 1);
    value(sb, MEASURES[2], l == null ? null : l.humidityPct(), now, 0);
  }

  /** Writes one measure's six properties; returns whether its value is current. */
  private boolean value(StringBuilder sb, String name, Measured<?> m, Instant now, int decimals) {
    sb.append(",\"").append(name).append("\":");
    if (m == null) {
      sb.append("null,\"").append(name).append("_state\":\"none\",\"");
      sb.append(name).append("_last_known\":null,\"").append(name).append("_at\":null,\"");
      sb.append(name).append("_age_s\":null,\"").append(name).append("_stale_after_s\":null");
      return false;
    }
    boolean current = freshness.isCurrent(m, now);
    if (current) {
      number(sb, m.value(), decimals);
      sb.append(",\"").append(name).append("_state\":\"current\",\"");
      sb.append(name).append("_last_known\":null");
    } else {
      sb.append("null,\"").append(name).append("_state\":\"stale\",\"");
      sb.append(name).append("_last_known\":");
      number(sb, m.value(), decimals);
    }
    sb.append(",\"").append(name).append("_at\":\"").append(m.time()).append('"');
    sb.append(",\"").append(name).append("_age_s\":").append(age(m, now));
    sb.append(",\"").append(name).append("_stale_after_s\":");
    sb.append(freshness.staleAfterSeconds(m));
    return current;
  }

  private static long age(Measured<?> m, Instant now) {
    return Math.max(0, Duration.between(m.time(), now).getSeconds());
  }

  private static void number(StringBuilder sb, Number n, int decimals) {
    if (n instanceof Double d) {
      JsonText.fixed(sb, d, decimals);
    } else {
      sb.append(n);
    }
  }

  private static List<String> keys() {
    List<String> out = new ArrayList<>();
    for (String m : MEASURES) {
      for (String suffix : new String[] {"", "_state", "_last_known", "_at", "_age_s"}) {
        out.add(m + suffix);
      }
      out.add(m + "_stale_after_s");
      if (m.equals("occupancy")) {
        out.add("occupancy_problem");
        out.add("free_seats");
      }
    }
    return List.copyOf(out);
  }
}
