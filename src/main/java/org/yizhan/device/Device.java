package org.yizhan.device;

import java.time.Instant;

/**
 * A provisioned sensor box bound to one station. The secret never appears here: only the registry
 * holds its salted hash.
 *
 * @param expectedIntervalS how often it should report; freshness is judged against this
 * @param disabledAt when an admin disabled it, or {@code null}
 */
public record Device(
    String id,
    String stationId,
    DeviceKind kind,
    int expectedIntervalS,
    String firmware,
    Instant createdAt,
    Instant disabledAt) {

  public boolean isEnabled() {
    return disabledAt == null;
  }
}
