package org.yizhan.tools.sim;

/**
 * The knobs every simulated device shares.
 *
 * @param host MQTT host
 * @param port MQTT port
 * @param intervalMs reporting interval; a retained config may only shorten it (its interval_s is
 *     the longest gap the server wants)
 * @param clock wall and model time
 * @param outagesPerHour how often a device goes offline on purpose, per device and hour
 * @param outageMeanS mean length of such an outage, seconds
 * @param dropoutShare share of readings a device skips
 * @param window most telemetry messages a device has unacknowledged at once
 * @param bufferMax most readings a device keeps while it cannot send (the oldest are dropped)
 * @param seed seed of all randomness
 * @param connectsPerS new connections per second, all devices together
 * @param sourceAddresses how many loopback source addresses (127.0.0.1 and up) the devices'
 *     connections are spread over; 1 leaves the choice to the system. One address gives at most
 *     about 28,000 connections to one server port (the ephemeral port range), so tens of thousands
 *     of devices on one machine need several.
 */
record SimSettings(
    String host,
    int port,
    long intervalMs,
    SimClock clock,
    double outagesPerHour,
    double outageMeanS,
    double dropoutShare,
    int window,
    int bufferMax,
    long seed,
    double connectsPerS,
    int sourceAddresses) {

  /** The source address a device binds its connection to, or {@code null} for the default. */
  String sourceAddressFor(String deviceId) {
    if (sourceAddresses <= 1) {
      return null;
    }
    return "127.0.0." + (1 + Math.floorMod(Climate.mix64(deviceId.hashCode()), sourceAddresses));
  }
}
