package org.yizhan.api;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import org.yizhan.arrival.Arrivals;
import org.yizhan.json.JsonText;
import org.yizhan.live.LiveView;
import org.yizhan.station.NearbyResult;
import org.yizhan.station.StationSnapshot;

/** Writes GeoJSON answers straight into a buffer from the stations' pre-rendered features. */
final class StationResponses {

  private StationResponses() {}

  /**
   * The nearby answer; {@code advice} adds the warning in force and marks the stations that suit it
   * ({@link WarningAdvice#NONE} for none); {@code arrivals} the free seats on arrival.
   */
  static Buffer nearby(
      List<NearbyResult> results,
      Instant now,
      LiveView live,
      WarningAdvice advice,
      Arrivals arrivals) {
    Buffer b = Buffer.buffer(256 + results.size() * 700);
    StringBuilder sb = new StringBuilder(160);
    sb.append("{\"type\":\"FeatureCollection\",\"timeStamp\":\"");
    JsonText.instantMillis(sb, now).append("\",\"numberReturned\":").append(results.size());
    advice.appendWarning(sb);
    b.appendString(sb.append(",\"features\":[").toString());
    for (int i = 0; i < results.size(); i++) {
      NearbyResult r = results.get(i);
      if (i > 0) {
        b.appendByte((byte) ',');
      }
      b.appendBytes(r.feature(), 0, r.summaryLength());
      sb.setLength(0);
      sb.append(",\"distance_m\":");
      JsonText.fixed(sb, r.distanceM(), 1);
      sb.append(",\"walking_time_min\":").append(r.walkingMinutes());
      sb.append(",\"walking_distance_m\":");
      JsonText.fixed(sb, r.walkingDistanceM(), 0);
      sb.append(",\"walking_source\":\"").append(r.walkingSource()).append('"');
      sb.append(",\"open_state\":\"").append(r.openState().code()).append('"');
      sb.append(",\"next_change\":").append(r.hours().nextChangeJson());
      live.appendLive(sb, r.station(), now);
      advice.appendMark(sb, r.station().id());
      arrivals.append(sb, r.station(), r.walkingMinutes(), now);
      sb.append("}}");
      b.appendString(sb.toString());
    }
    return b.appendString("]}");
  }

  static Buffer page(StationSnapshot.Page page, Instant now, String nextLink, LiveView live) {
    Buffer b = Buffer.buffer(256 + page.features().size() * 600);
    b.appendString("{\"type\":\"FeatureCollection\",\"timeStamp\":\"")
        .appendString(JsonText.instantMillis(new StringBuilder(24), now).toString())
        .appendString("\",\"numberMatched\":")
        .appendString(Integer.toString(page.matched()))
        .appendString(",\"numberReturned\":")
        .appendString(Integer.toString(page.features().size()))
        .appendString(",\"offset\":")
        .appendString(Integer.toString(page.offset()));
    if (nextLink != null) {
      StringBuilder sb = new StringBuilder(",\"links\":[{\"rel\":\"next\",\"href\":");
      JsonText.string(sb, nextLink);
      b.appendString(sb.append("}]").toString());
    }
    b.appendString(",\"features\":[");
    StringBuilder sb = new StringBuilder(64);
    for (int i = 0; i < page.features().size(); i++) {
      if (i > 0) {
        b.appendByte((byte) ',');
      }
      b.appendBytes(page.features().get(i));
      sb.setLength(0);
      sb.append(",\"open_state\":\"")
          .append(StationSnapshot.openState(page.stations().get(i), now).code())
          .append('"');
      live.appendLive(sb, page.stations().get(i), now);
      sb.append("}}");
      b.appendString(sb.toString());
    }
    return b.appendString("]}");
  }
}
