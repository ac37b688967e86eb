package org.yizhan.ingest.internal;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.vertx.mqtt.MqttEndpoint;

/**
 * What the server's CONNACK tells an MQTT 5 client, so that a client library holds itself to the
 * contract's limits instead of learning them by being disconnected. MQTT 3.1.1 has no properties:
 * its devices have only the contract to go by.
 */
final class Connack {

  private Connack() {}

  /**
   * The CONNACK properties for an MQTT 5 connection.
   *
   * @param keepAliveS the keep alive the server holds the connection to
   * @param assignedClientId the client id the server gave a CONNECT with an empty one, or null
   */
  static MqttProperties properties(
      MqttEndpoint endpoint, MqttLimits limits, int keepAliveS, String assignedClientId) {
    MqttProperties p = new MqttProperties();
    p.add(integer(MqttPropertyType.MAXIMUM_QOS, 1));
    p.add(integer(MqttPropertyType.RECEIVE_MAXIMUM, limits.receiveMaximum()));
    p.add(integer(MqttPropertyType.MAXIMUM_PACKET_SIZE, limits.maxPacketBytes()));
    p.add(integer(MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0));
    if (keepAliveS != endpoint.keepAliveTimeSeconds()) {
      p.add(integer(MqttPropertyType.SERVER_KEEP_ALIVE, keepAliveS));
    }
    // No session outlives its connection here; a client that asked for one is told so
    // (MQTT 5 section 3.2.2.3.2), next to Session Present = 0.
    if (askedSessionExpiry(endpoint) != 0) {
      p.add(integer(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0));
    }
    if (assignedClientId != null) {
      // [MQTT-3.2.2-16]
      p.add(
          new MqttProperties.StringProperty(
              MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), assignedClientId));
    }
    return p;
  }

  private static int askedSessionExpiry(MqttEndpoint endpoint) {
    MqttProperties asked = endpoint.connectProperties();
    if (asked == null) {
      return 0;
    }
    var p = asked.getProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
    return p == null ? 0 : (Integer) p.value();
  }

  private static IntegerProperty integer(MqttPropertyType type, int value) {
    return new IntegerProperty(type.value(), value);
  }
}
