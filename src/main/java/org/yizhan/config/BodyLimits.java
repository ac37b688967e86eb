package org.yizhan.config;

/**
 * The largest request body each kind of route reads, in bytes. A body over its limit is refused
 * with 413 from its {@code Content-Length} alone, before any of it is read.
 *
 * @param publicBytes routes anyone may call: log-in, log-out and a worker's report on a station
 * @param adminBytes every other write (stations, devices, accounts, thresholds), whose body is read
 *     before the session is checked, so it stays small too
 * @param importBytes the station import, the only large body; read only once the caller has been
 *     authenticated as a super admin
 */
public record BodyLimits(long publicBytes, long adminBytes, long importBytes) {

  public static final BodyLimits DEFAULTS = new BodyLimits(8 * 1024, 256 * 1024, 16 * 1024 * 1024);

  public BodyLimits {
    if (publicBytes < 1 || adminBytes < 1 || importBytes < 1) {
      throw new IllegalArgumentException("body limits must be positive");
    }
  }
}
