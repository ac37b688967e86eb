package org.yizhan.api.ogc;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.yizhan.json.JsonText;
import org.yizhan.live.LiveView;
import org.yizhan.station.Station;

/**
 * A station's live values as flat properties with a fixed set of names, for GIS tools whose
 * attribute tables have no nested objects. The values and their staleness are exactly what {@link
 * LiveView} renders for the phone map (one rule for what is current); a name that answer leaves out
 * is given as {@code null}, and without any live data each {@code *_state} is {@code "none"}.
 */
final class FlatLive {

  private static final List<String> MEASURES =
      List.of("occupancy", "temperature_c", "humidity_pct");

  private static final List<String> SUFFIXES =
      List.of("", "_state", "_last_known", "_at", "_age_s", "_stale_after_s");

  /** Every live property name, in order. */
  static final List<String> KEYS = keys();

  private final LiveView live;

  FlatLive(LiveView live) {
    this.live = live;
  }

  /** Appends {@code ,"occupancy":...} and the other live properties to an open object. */
  void append(StringBuilder sb, Station s, Instant now) {
    StringBuilder nested = new StringBuilder(256);
    live.appendLive(nested, s, now);
    // ",\"live\":{...}" or ",\"live\":null"
    String value = nested.substring(nested.indexOf(":") + 1);
    JsonObject o = value.equals("null") ? null : new JsonObject(value);
    for (String key : KEYS) {
      sb.append(",\"").append(key).append("\":");
      Object v = o == null ? none(key) : o.getValue(key);
      if (v == null) {
        sb.append("null");
      } else if (v instanceof String str) {
        JsonText.string(sb, str);
      } else {
        sb.append(v);
      }
    }
  }

  private static Object none(String key) {
    return key.endsWith("_state") ? "none" : null;
  }

  private static List<String> keys() {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (String m : MEASURES) {
      for (String suffix : SUFFIXES) {
        out.add(m + suffix);
      }
      if (m.equals("occupancy")) {
        out.add("occupancy_problem");
        out.add("free_seats");
      }
    }
    return List.copyOf(out);
  }
}
