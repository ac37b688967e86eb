package org.yizhan.tools.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClientOptions;
import org.yizhan.tools.sim.Credentials.Credential;

/** What a device says besides readings: its CONNECT settings and its status messages. */
final class DeviceMessages {

  /** The last will the contract asks for, registered in CONNECT. */
  static final Buffer WILL = Buffer.buffer("{\"state\":\"offline\",\"reason\":\"lwt\"}");

  private DeviceMessages() {}

  /** CONNECT as the contract recommends: username and client id = device id, persistent session. */
  static MqttClientOptions connect(Credential cred, String statusTopic, int window) {
    return new MqttClientOptions()
        .setClientId(cred.deviceId())
        .setUsername(cred.deviceId())
        .setPassword(cred.secret())
        .setCleanSession(false)
        .setKeepAliveInterval(60)
        .setWillFlag(true)
        .setWillTopic(statusTopic)
        .setWillMessageBytes(WILL)
        .setWillQoS(1)
        .setWillRetain(true)
        .setMaxInflightQueue(window + 4); // room for status messages beside the readings
  }

  /**
   * The birth: online, with firmware, interval in whole seconds (5 to 86400) and config version.
   */
  static String birth(
      StringBuilder sb, Rfc3339 time, long now, String fw, long intervalMs, int configVersion) {
    long seconds = Math.max(5, Math.min(86_400, (intervalMs + 999) / 1000));
    open(sb, time, now, "online");
    sb.append(",\"fw\":\"").append(fw).append("\",\"interval_s\":").append(seconds);
    return sb.append(",\"config_version\":").append(configVersion).append('}').toString();
  }

  /** A graceful offline message before a planned disconnect. */
  static String goodbye(StringBuilder sb, Rfc3339 time, long now) {
    open(sb, time, now, "offline");
    return sb.append(",\"reason\":\"shutdown\"}").toString();
  }

  private static void open(StringBuilder sb, Rfc3339 time, long now, String state) {
    sb.setLength(0);
    sb.append("{\"state\":\"").append(state).append("\",\"ts\":\"");
    time.append(sb, now).append('"');
  }
}
