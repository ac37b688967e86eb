package org.yizhan.ingest.internal;

/**
 * The limits of the firmware contract (section 10) as the MQTT endpoint announces and enforces
 * them.
 *
 * @param maxPacketBytes MQTT 5 Maximum Packet Size: the whole packet, fixed header included
 * @param receiveMaximum QoS 1 PUBLISHes a device may have unacknowledged at once
 * @param maxClientIdChars longest client id accepted
 * @param keepAliveMaxS longest keep alive the server waits for; a CONNECT asking for none (0) or
 *     for more is held to this one
 */
public record MqttLimits(
    int maxPacketBytes, int receiveMaximum, int maxClientIdChars, int keepAliveMaxS) {

  /** The fixed header of a packet between 16 KiB and 2 MiB: one type byte, three length bytes. */
  private static final int FIXED_HEADER_BYTES = 4;

  /** The contract's values. */
  public static final MqttLimits CONTRACT = new MqttLimits(64 * 1024, 10, 64, 300);

  public MqttLimits {
    if (maxPacketBytes <= 16 * 1024 + FIXED_HEADER_BYTES || maxPacketBytes > 2 * 1024 * 1024) {
      throw new IllegalArgumentException("maximum packet size out of range: " + maxPacketBytes);
    }
    if (receiveMaximum < 1 || receiveMaximum > 65_535) {
      throw new IllegalArgumentException("receive maximum out of range: " + receiveMaximum);
    }
    if (maxClientIdChars < 23) {
      throw new IllegalArgumentException("MQTT requires client ids of 23 characters to be allowed");
    }
    if (keepAliveMaxS < 1 || keepAliveMaxS > 65_535) {
      throw new IllegalArgumentException("keep alive maximum out of range: " + keepAliveMaxS);
    }
  }

  public MqttLimits withKeepAliveMax(int seconds) {
    return new MqttLimits(maxPacketBytes, receiveMaximum, maxClientIdChars, seconds);
  }

  /**
   * The limit for Netty's decoder, which counts the Remaining Length (the packet without its fixed
   * header), so that no packet over {@link #maxPacketBytes} gets through.
   */
  public int maxRemainingLength() {
    return maxPacketBytes - FIXED_HEADER_BYTES;
  }

  /** Whether a client id is short enough; counted in characters, as the contract says. */
  boolean acceptsClientId(String clientId) {
    return clientId == null || clientId.codePointCount(0, clientId.length()) <= maxClientIdChars;
  }

  /** The keep alive the server holds a connection to, given what its CONNECT asked for. */
  int keepAliveFor(int askedS) {
    return askedS == 0 || askedS > keepAliveMaxS ? keepAliveMaxS : askedS;
  }
}
