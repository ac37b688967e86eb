package org.yizhan.config;

import java.util.Optional;

/**
 * How devices reach the server.
 *
 * @param mode {@code endpoint}: the server listens for devices itself (the default); {@code
 *     broker}: it subscribes to a real broker with a shared subscription
 * @param port plain MQTT port of the built-in endpoint; 0 disables it
 * @param tlsPort MQTT over TLS port, used when a key and certificate are configured
 * @param brokerUrl e.g. {@code tcp://broker:1883}, for broker mode
 * @param sharedGroup the shared-subscription group all instances join, so each reading is delivered
 *     to one of them
 */
public record MqttConfig(
    String mode,
    String host,
    int port,
    int tlsPort,
    Optional<String> tlsKeyPath,
    Optional<String> tlsCertPath,
    Optional<String> brokerUrl,
    String brokerUser,
    String brokerPassword,
    String sharedGroup,
    String clientId) {

  public MqttConfig {
    if (!mode.equals("endpoint") && !mode.equals("broker")) {
      throw new IllegalArgumentException("mqtt mode must be endpoint or broker, got " + mode);
    }
    if (mode.equals("broker") && brokerUrl.isEmpty()) {
      throw new IllegalArgumentException("mqtt broker mode needs YIZHAN_MQTT_BROKER_URL");
    }
    if (tlsKeyPath.isPresent() != tlsCertPath.isPresent()) {
      throw new IllegalArgumentException("MQTT TLS needs both a key and a certificate");
    }
  }

  public boolean brokerMode() {
    return mode.equals("broker");
  }

  public MqttConfig withPort(int p) {
    return new MqttConfig(
        mode,
        host,
        p,
        tlsPort,
        tlsKeyPath,
        tlsCertPath,
        brokerUrl,
        brokerUser,
        brokerPassword,
        sharedGroup,
        clientId);
  }

  public MqttConfig withBroker(String url, String group, String id) {
    return new MqttConfig(
        "broker",
        host,
        port,
        tlsPort,
        tlsKeyPath,
        tlsCertPath,
        Optional.of(url),
        brokerUser,
        brokerPassword,
        group,
        id);
  }
}
