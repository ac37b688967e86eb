package org.yizhan.tools.sim;

/**
 * One simulated reading, as values, and its JSON form as firmware contract v1 defines it.
 *
 * @param seq sequence number, strictly increasing per device
 * @param tsMs the {@code ts} the device writes, epoch milliseconds (its clock may be skewed)
 * @param occupancy people inside
 * @param entries cumulative entries
 * @param exits cumulative exits
 * @param temperatureTenths indoor temperature in tenths of a degree Celsius
 * @param humidityTenths indoor relative humidity in tenths of a percent
 * @param batteryPct battery charge, or {@link #NO_BATTERY} for mains-powered devices
 * @param rssiDbm signal strength
 * @param fw firmware version
 * @param invalid the server is expected to refuse it (a value out of range, or a clock beyond the
 *     allowed skew)
 * @param corrupt the device will garble this reading's payload if it sends it on its own
 */
record SimReading(
    long seq,
    long tsMs,
    int occupancy,
    long entries,
    long exits,
    int temperatureTenths,
    int humidityTenths,
    int batteryPct,
    int rssiDbm,
    String fw,
    boolean invalid,
    boolean corrupt) {

  static final int NO_BATTERY = -1;

  /** Appends the reading as compact JSON, keys in the contract's order. */
  StringBuilder appendJson(StringBuilder sb, Rfc3339 time) {
    sb.append("{\"seq\":").append(seq).append(",\"ts\":\"");
    time.append(sb, tsMs).append('"');
    sb.append(",\"occupancy\":").append(occupancy);
    sb.append(",\"entries\":").append(entries);
    sb.append(",\"exits\":").append(exits);
    tenths(sb.append(",\"temperature_c\":"), temperatureTenths);
    tenths(sb.append(",\"humidity_pct\":"), humidityTenths);
    if (batteryPct != NO_BATTERY) {
      sb.append(",\"battery_pct\":").append(batteryPct);
    }
    sb.append(",\"rssi_dbm\":").append(rssiDbm);
    return sb.append(",\"fw\":\"").append(fw).append("\"}");
  }

  /** The reading as it waits in the device's memory for sending. */
  Pending encode(StringBuilder scratch, Rfc3339 time) {
    scratch.setLength(0);
    return new Pending(seq, appendJson(scratch, time).toString(), invalid, corrupt);
  }

  /** Appends {@code v / 10} with one decimal, e.g. -35 as {@code -3.5}. */
  static StringBuilder tenths(StringBuilder sb, int v) {
    if (v < 0) {
      sb.append('-');
      v = -v;
    }
    return sb.append(v / 10).append('.').append((char) ('0' + v % 10));
  }

  /**
   * A reading encoded and kept until the server acknowledges it.
   *
   * @param seq its sequence number, to keep buffers in order
   * @param json the reading object
   * @param invalid the server is expected to refuse it
   * @param corrupt garble the payload when sent on its own
   */
  record Pending(long seq, String json, boolean invalid, boolean corrupt) {}
}
