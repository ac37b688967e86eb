package org.yizhan.ingest;

import org.yizhan.telemetry.Reading;

/**
 * PostgreSQL COPY text format for readings: tab-separated, {@code \N} for null. Ids are restricted
 * to {@code [a-z0-9-]}, so nothing needs escaping.
 */
final class CopyText {

  private CopyText() {}

  static void append(StringBuilder sb, Reading r) {
    sb.append(r.time()).append('\t');
    sb.append(r.stationId()).append('\t');
    sb.append(r.deviceId()).append('\t');
    sb.append(r.seq()).append('\t');
    value(sb, r.occupancy()).append('\t');
    value(sb, r.entries()).append('\t');
    value(sb, r.exits()).append('\t');
    value(sb, r.temperatureC()).append('\t');
    value(sb, r.humidityPct()).append('\t');
    value(sb, r.batteryPct()).append('\t');
    value(sb, r.rssiDbm()).append('\t');
    sb.append(r.receivedAt()).append('\n');
  }

  private static StringBuilder value(StringBuilder sb, Object v) {
    return v == null ? sb.append("\\N") : sb.append(v);
  }
}
