package org.yizhan.tools.sim;

import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttClient;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops an MQTT connection without DISCONNECT, as a device losing power or signal does, so that the
 * server publishes its last will. Vert.x's client only offers a graceful disconnect, so this closes
 * the client's socket, reached by reflection; if that ever fails it falls back to a graceful
 * disconnect and says so once.
 */
final class Abrupt {

  private static final Logger LOG = LoggerFactory.getLogger(Abrupt.class);
  private static final Field CONNECTION = find();
  private static volatile boolean warned;

  private Abrupt() {}

  /** Closes the connection abruptly; does nothing for {@code null}. */
  static void close(MqttClient client) {
    if (client == null) {
      return;
    }
    if (CONNECTION != null) {
      try {
        Object socket = CONNECTION.get(client);
        if (socket instanceof NetSocket s) {
          s.close();
          return;
        }
        if (socket == null) {
          return; // not connected
        }
      } catch (IllegalAccessException | RuntimeException e) {
        // fall through
      }
    }
    if (!warned) {
      warned = true;
      LOG.warn("sim: cannot drop connections abruptly; outages end with a clean DISCONNECT");
    }
    client.disconnect();
  }

  private static Field find() {
    try {
      Field f = Class.forName("io.vertx.mqtt.impl.MqttClientImpl").getDeclaredField("connection");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
