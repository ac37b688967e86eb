package org.yizhan.ingest;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.ingest.internal.ConnectedDevices;
import org.yizhan.ingest.internal.DeviceConnection;
import org.yizhan.ingest.internal.MqttLimits;
import org.yizhan.live.DevicePresence;

/**
 * The built-in MQTT endpoint devices connect to (the embedded default; with a real broker the
 * server subscribes instead, see {@link BrokerSubscriber}). Deployed once per event loop, all
 * instances sharing the port.
 */
public final class MqttEndpointVerticle extends VerticleBase {

  /**
   * Transport limit (MQTT 5 Maximum Packet Size); payload limits are checked (and counted) by the
   * decoder below this.
   */
  static final int MAX_PACKET_BYTES = MqttLimits.CONTRACT.maxPacketBytes();

  private final MqttServerOptions options;
  private final DeviceRegistry devices;
  private final IngestPipeline pipeline;
  private final DevicePresence presence;
  private final ConnectedDevices connected;
  private final DeviceConnection.ConfigSource configs;
  private final MqttLimits limits;

  /**
   * Options of a plain listener. Netty's decoder counts the Remaining Length, so its limit is set
   * such that no packet over the announced Maximum Packet Size passes; it checks the client id
   * length only for MQTT 3.1, {@code DeviceConnection} does for 3.1.1 and 5.
   */
  public static MqttServerOptions plain(String host, int port) {
    return new MqttServerOptions()
        .setHost(host)
        .setPort(port)
        .setMaxMessageSize(MqttLimits.CONTRACT.maxRemainingLength())
        .setMaxClientIdLength(MqttLimits.CONTRACT.maxClientIdChars())
        // An empty client id is given one by DeviceConnection, which tells MQTT 5 clients.
        .setAutoClientId(false)
        .setTimeoutOnConnect(30);
  }

  /** Options of a TLS listener with a PEM key and certificate chain. */
  public static MqttServerOptions tls(String host, int port, String keyPath, String certPath) {
    MqttServerOptions o = plain(host, port);
    o.setSsl(true);
    o.setKeyCertOptions(new PemKeyCertOptions().setKeyPath(keyPath).setCertPath(certPath));
    return o;
  }

  public MqttEndpointVerticle(
      MqttServerOptions options,
      DeviceRegistry devices,
      IngestPipeline pipeline,
      DevicePresence presence,
      ConnectedDevices connected,
      DeviceConnection.ConfigSource configs,
      MqttLimits limits) {
    this.options = options;
    this.limits = limits;
    this.devices = devices;
    this.pipeline = pipeline;
    this.presence = presence;
    this.connected = connected;
    this.configs = configs;
  }

  @Override
  public Future<?> start() {
    return MqttServer.create(vertx, options)
        .endpointHandler(
            ep ->
                DeviceConnection.open(ep, devices, pipeline, presence, connected, configs, limits))
        .listen();
  }
}
