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
 * @param keepAliveMaxS the longest keep alive the built-in endpoint grants (the contract's 300 s);
 *     a device asking for none or for more is held to it
 * @param maxConnections the most devices the built-in endpoint holds at once; 0 (the default) for
 *     the process's open-files limit less {@link #FILES_KEPT_FREE}, so that devices can never take
 *     the files the HTTP API and the database pool need
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
    String clientId,
    int keepAliveMaxS,
    int maxConnections) {

  /** The contract's longest keep alive. */
  public static final int KEEP_ALIVE_MAX_S = 300;

  /** Open files left to everything but device connections when the cap follows the limit. */
  public static final int FILES_KEPT_FREE = 1024;

  /** As the canonical constructor, with the contract's keep alive limit. */
  public MqttConfig(
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
    this(
        mode,
        host,
        port,
        tlsPort,
        tlsKeyPath,
        tlsCertPath,
        brokerUrl,
        brokerUser,
        brokerPassword,
        sharedGroup,
        clientId,
        KEEP_ALIVE_MAX_S,
        0);
  }

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
    if (keepAliveMaxS < 1 || keepAliveMaxS > 65_535) {
      throw new IllegalArgumentException("MQTT keep alive maximum out of range: " + keepAliveMaxS);
    }
    if (maxConnections < 0) {
      throw new IllegalArgumentException(
          "mqtt.max.connections must be 0 (from the open-files limit) or more, got "
              + maxConnections);
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
        clientId,
        keepAliveMaxS,
        maxConnections);
  }

  /** The same, with another keep alive limit (tests use a short one). */
  public MqttConfig withKeepAliveMax(int seconds) {
    return new MqttConfig(
        mode,
        host,
        port,
        tlsPort,
        tlsKeyPath,
        tlsCertPath,
        brokerUrl,
        brokerUser,
        brokerPassword,
        sharedGroup,
        clientId,
        seconds,
        maxConnections);
  }

  /** The same, with another cap on device connections (0: from the open-files limit). */
  public MqttConfig withMaxConnections(int max) {
    return new MqttConfig(
        mode,
        host,
        port,
        tlsPort,
        tlsKeyPath,
        tlsCertPath,
        brokerUrl,
        brokerUser,
        brokerPassword,
        sharedGroup,
        clientId,
        keepAliveMaxS,
        max);
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
        id,
        keepAliveMaxS,
        maxConnections);
  }
}
