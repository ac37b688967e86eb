package org.yizhan.live;

import java.time.Duration;
import java.time.Instant;
import org.yizhan.json.JsonText;

/**
 * Renders a station's live values for workers. Every value comes with its age; a stale value (see
 * {@link Freshness}) is given only as {@code last_known}, never in the field a client would show as
 * current.
 */
public final class LiveJson {

  private final Freshness freshness;

  /**
   * @param freshness which values are current, by their device's interval
   */
  public LiveJson(Freshness freshness) {
    this.freshness = freshness;
  }

  /**
   * Appends {@code "live":{...}} (or {@code "live":null} without any data) to a properties object.
   */
  public void appendLive(StringBuilder sb, StationLive live, int capacity, Instant now) {
    sb.append("\"live\":");
    if (live == null) {
      sb.append("null");
      return;
    }
    sb.append('{');
    Measured<Integer> occupancy = live.occupancy();
    if (occupancy != null && occupancy.value() > capacity) {
      // More people than seats: a miscounting sensor, as parking systems treat occupied >
      // operational. Stored for admins, never shown to workers as a value.
      sb.append("\"occupancy\":null,\"occupancy_state\":\"invalid\"");
      sb.append(",\"occupancy_problem\":\"above_capacity\"");
      sb.append(",\"occupancy_at\":\"").append(occupancy.time()).append('"');
      sb.append(",\"occupancy_age_s\":").append(ageSeconds(occupancy, now));
      sb.append(",\"capacity\":").append(capacity).append(",\"free_seats\":null");
    } else {
      boolean occupancyCurrent = freshness.isCurrent(occupancy, now);
      value(sb, "occupancy", occupancy, now, 0);
      sb.append(",\"capacity\":").append(capacity);
      sb.append(",\"free_seats\":");
      if (occupancyCurrent) {
        sb.append(capacity - occupancy.value());
      } else {
        sb.append("null");
      }
    }
    sb.append(',');
    value(sb, "temperature_c", live.temperatureC(), now, 1);
    sb.append(',');
    value(sb, "humidity_pct", live.humidityPct(), now, 0);
    sb.append('}');
  }

  /** The rule this renderer judges staleness by. */
  public Freshness freshness() {
    return freshness;
  }

  private void value(StringBuilder sb, String name, Measured<?> m, Instant now, int decimals) {
    sb.append('"').append(name).append("\":");
    if (m == null) {
      sb.append("null,\"").append(name).append("_state\":\"none\"");
      return;
    }
    boolean current = freshness.isCurrent(m, now);
    if (current) {
      number(sb, m.value(), decimals);
    } else {
      sb.append("null,\"").append(name).append("_last_known\":");
      number(sb, m.value(), decimals);
    }
    sb.append(",\"").append(name).append("_state\":\"").append(current ? "current" : "stale");
    sb.append("\",\"").append(name).append("_at\":\"").append(m.time()).append('"');
    sb.append(",\"").append(name).append("_age_s\":").append(ageSeconds(m, now));
    // Lets a page that keeps showing the value turn it stale on time without asking again.
    sb.append(",\"").append(name).append("_stale_after_s\":").append(staleAfterSeconds(m));
  }

  private long staleAfterSeconds(Measured<?> m) {
    return freshness.staleAfterSeconds(m);
  }

  private static long ageSeconds(Measured<?> m, Instant now) {
    return Math.max(0, Duration.between(m.time(), now).getSeconds());
  }

  private static void number(StringBuilder sb, Number n, int decimals) {
    if (n instanceof Double d) {
      JsonText.fixed(sb, d, decimals);
    } else {
      sb.append(n);
    }
  }
}
