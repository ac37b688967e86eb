package org.yizhan.ingest;

import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.yizhan.config.MqttConfig;

/**
 * Ends a retired client id's persistent session on the broker: a CONNECT with clean session true
 * makes the broker discard the session (its shared subscriptions and whatever it still queued), and
 * the DISCONNECT that follows leaves nothing behind. Only for an id whose session was drained.
 */
final class SessionEnd {

  private SessionEnd() {}

  /** Blocks up to 10 s; not on an event loop. */
  static void end(Vertx vertx, MqttConfig mqtt, String clientId) throws Exception {
    URI broker = URI.create(mqtt.brokerUrl().orElseThrow());
    MqttClientOptions options = new MqttClientOptions().setClientId(clientId).setCleanSession(true);
    if (!mqtt.brokerUser().isEmpty()) {
      options.setUsername(mqtt.brokerUser()).setPassword(mqtt.brokerPassword());
    }
    MqttClient client = MqttClient.create(vertx, options);
    int port = broker.getPort() > 0 ? broker.getPort() : 1883;
    client.connect(port, broker.getHost()).await(5, TimeUnit.SECONDS);
    client.disconnect().await(5, TimeUnit.SECONDS);
  }
}
