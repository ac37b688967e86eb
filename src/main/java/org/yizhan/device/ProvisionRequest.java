package org.yizhan.device;

/**
 * A request to provision a device, already read from its transport.
 *
 * @param id the id asked for, or null for one chosen by the server
 * @param stationId the station the device measures
 * @param expectedIntervalS how often it should report, 5 to 86,400 s
 */
public record ProvisionRequest(
    String id, String stationId, DeviceKind kind, int expectedIntervalS) {

  /** Reporting interval when the request names none. */
  public static final int DEFAULT_INTERVAL_S = 60;
}
