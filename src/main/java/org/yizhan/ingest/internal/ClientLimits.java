package org.yizhan.ingest.internal;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.vertx.mqtt.MqttEndpoint;
import java.nio.charset.StandardCharsets;

/**
 * What an MQTT 5 client's CONNECT says it accepts from the server, and the server's packets sized
 * against it: the client's Maximum Packet Size is never exceeded [MQTT-3.1.2-24], a Reason String
 * is left out where the client asked for no problem information [MQTT-3.1.2-29] or where it would
 * make the packet too large (PUBACK [MQTT-3.4.2-2], DISCONNECT [MQTT-3.14.2-3]). MQTT 3.1.1 has
 * none of these: its packets carry no properties and have no size limit beyond the protocol's.
 *
 * @param maxPacketBytes the largest packet the client accepts, fixed header included
 * @param receiveMaximum QoS 1 PUBLISHes the client accepts unacknowledged at once
 * @param problemInformation whether the client wants Reason Strings on PUBACKs
 */
record ClientLimits(long maxPacketBytes, int receiveMaximum, boolean problemInformation) {

  /** MQTT's own ceiling: a Remaining Length of at most 268,435,455 bytes behind 5 header bytes. */
  static final long PROTOCOL_MAX_PACKET = 268_435_455L + 5;

  /** What a client that sets none of these properties gets (and every MQTT 3.1.1 client). */
  static final ClientLimits DEFAULTS = new ClientLimits(PROTOCOL_MAX_PACKET, 65_535, true);

  /** The client's limits as its CONNECT gives them; the defaults for what it leaves out. */
  static ClientLimits of(MqttEndpoint endpoint) {
    return of(endpoint.protocolVersion(), endpoint.connectProperties());
  }

  /** The limits a CONNECT of this protocol version with these properties gives. */
  static ClientLimits of(int protocolVersion, MqttProperties connectProperties) {
    MqttProperties p = protocolVersion == 5 ? connectProperties : null;
    if (p == null) {
      return DEFAULTS;
    }
    return new ClientLimits(
        unsigned(p, MqttPropertyType.MAXIMUM_PACKET_SIZE, PROTOCOL_MAX_PACKET),
        (int) unsigned(p, MqttPropertyType.RECEIVE_MAXIMUM, 65_535),
        unsigned(p, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1) != 0);
  }

  /**
   * What makes an MQTT 5 CONNECT's limits a Protocol Error: a Receive Maximum of 0 [MQTT-3.1.2
   * Receive Maximum] or a Maximum Packet Size of 0 [MQTT-3.1.2 Maximum Packet Size]; empty when
   * they are acceptable (always for MQTT 3.1.1).
   */
  static java.util.Optional<String> protocolError(
      int protocolVersion, MqttProperties connectProperties) {
    if (protocolVersion != 5 || connectProperties == null) {
      return java.util.Optional.empty();
    }
    if (unsigned(connectProperties, MqttPropertyType.RECEIVE_MAXIMUM, 1) == 0) {
      return java.util.Optional.of("a Receive Maximum of 0");
    }
    if (unsigned(connectProperties, MqttPropertyType.MAXIMUM_PACKET_SIZE, 1) == 0) {
      return java.util.Optional.of("a Maximum Packet Size of 0");
    }
    return java.util.Optional.empty();
  }

  private static long unsigned(MqttProperties p, MqttPropertyType type, long absent) {
    var v = p.getProperty(type.value());
    if (v == null || !(v.value() instanceof Integer i)) {
      return absent;
    }
    // Four-byte integers arrive as a signed int; a Maximum Packet Size over 2^31 is unsigned.
    return Integer.toUnsignedLong(i);
  }

  /**
   * The properties of an MQTT 5 PUBACK with a negative reason code: the Reason String, unless the
   * client asked for no problem information or the PUBACK would then exceed its Maximum Packet
   * Size.
   */
  MqttProperties pubackProperties(String reason) {
    if (!problemInformation) {
      return MqttProperties.NO_PROPERTIES;
    }
    // packet id (2) and reason code (1) before the properties
    return reasonStringWithin(reason, 3);
  }

  /**
   * The properties of an MQTT 5 DISCONNECT: its Reason String, which the client gets even when it
   * asked for no problem information, unless the packet would exceed its Maximum Packet Size.
   */
  MqttProperties disconnectProperties(String reason) {
    // reason code (1) before the properties
    return reasonStringWithin(reason, 1);
  }

  /**
   * Whether an MQTT 5 PUBLISH with these parts fits the client's Maximum Packet Size; one that does
   * not must not be sent [MQTT-3.1.2-25].
   */
  boolean fitsPublish(String topic, boolean withPacketId, int propertyBytes, int payloadBytes) {
    long remaining =
        2L
            + topic.getBytes(StandardCharsets.UTF_8).length
            + (withPacketId ? 2 : 0)
            + varIntBytes(propertyBytes)
            + propertyBytes
            + payloadBytes;
    return packetBytes(remaining) <= maxPacketBytes;
  }

  private MqttProperties reasonStringWithin(String reason, int before) {
    int propertyBytes = 1 + 2 + reason.getBytes(StandardCharsets.UTF_8).length;
    long remaining = before + varIntBytes(propertyBytes) + propertyBytes;
    if (packetBytes(remaining) > maxPacketBytes) {
      return MqttProperties.NO_PROPERTIES;
    }
    MqttProperties props = new MqttProperties();
    props.add(new MqttProperties.StringProperty(MqttPropertyType.REASON_STRING.value(), reason));
    return props;
  }

  /** The whole packet: one byte of type and flags, the Remaining Length, and what it counts. */
  static long packetBytes(long remaining) {
    return 1 + varIntBytes(remaining) + remaining;
  }

  /** Bytes of MQTT's Variable Byte Integer encoding of {@code n}. */
  static int varIntBytes(long n) {
    return n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
  }
}
