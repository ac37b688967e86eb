package org.yizhan.quality;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The flags a device's latest reading carries, each with the device time of the first reading of
 * the current streak that carried it: what the console shows as a "lying" sensor.
 */
public record DeviceFlags(String deviceId, Map<QualityFlag, Instant> since) {

  public DeviceFlags {
    EnumMap<QualityFlag, Instant> copy = new EnumMap<>(QualityFlag.class);
    copy.putAll(since);
    since = Collections.unmodifiableMap(copy);
  }

  public Set<QualityFlag> flags() {
    return since.keySet();
  }

  public int mask() {
    return QualityFlag.mask(since.keySet());
  }

  /** {@code {"device_id": ..., "flags": {"stuck": "2026-07-01T04:00:00Z", ...}}}. */
  public JsonObject json() {
    JsonObject flags = new JsonObject();
    since.forEach((f, t) -> flags.put(f.code(), t.toString()));
    return new JsonObject().put("device_id", deviceId).put("flags", flags);
  }
}
