package org.yizhan.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.telemetry.RejectedMessageException;
import org.yizhan.telemetry.TelemetryTopic;

/**
 * Scale-out mode: instead of listening for devices, consume their messages from a real broker
 * through a shared subscription, so that several server instances split the load and each message
 * goes to one of them. The broker authenticates devices and enforces topic ACLs; we acknowledge
 * each message to the broker only after it is stored (or refused for good), so a crash of this
 * instance makes the broker redeliver it.
 */
public final class BrokerSubscriber extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerSubscriber.class);
  private static final long RECONNECT_MS = 2_000;

  private final URI broker;
  private final MqttClientOptions options;
  private final String group;
  private final IngestPipeline pipeline;
  private final DeviceRegistry devices;

  /**
   * A dead instance's session taken over by this one ({@link SessionAdopter}): never reconnects by
   * itself, so it does not take the session back from the instance when that returns and the broker
   * hands the client id to it.
   */
  private final boolean adopted;

  private MqttClient client;
  private boolean stopping;

  /**
   * Counts the connections to the broker: a message is acknowledged only on the connection it came
   * in on. Once that connection is gone the broker sends the message again (its session keeps it),
   * and a PUBACK with the old packet id on a newer connection could acknowledge a different message
   * that got the id since.
   */
  private int connection;

  /** Messages received and not yet answered; with {@link #lastMessageAt}, for {@link #drained}. */
  private final AtomicInteger handling = new AtomicInteger();

  private volatile long lastMessageAt = System.nanoTime();

  /** Connected and subscribed: readings can arrive. Read by readiness from any thread. */
  private volatile boolean subscribed;

  /**
   * Configurations not yet handed to the broker (the connection was down), by topic; only the
   * newest per device matters, since each is the device's complete configuration.
   */
  private final Map<String, Buffer> pendingConfigs = new LinkedHashMap<>();

  /**
   * Config PUBLISHes written on the current connection and not yet acknowledged, by packet id. A
   * config leaves {@link #pendingConfigs} only with the broker's PUBACK: a write can land in a
   * socket whose broker is already gone.
   */
  private final Map<Integer, Map.Entry<String, Buffer>> unacknowledged = new HashMap<>();

  public BrokerSubscriber(
      String brokerUrl,
      String clientId,
      String user,
      String password,
      String group,
      IngestPipeline pipeline,
      DeviceRegistry devices) {
    this(brokerUrl, clientId, user, password, group, pipeline, devices, false);
  }

  /** Takes over {@code clientId}'s session; see {@link #adopted}. */
  BrokerSubscriber(
      String brokerUrl,
      String clientId,
      String user,
      String password,
      String group,
      IngestPipeline pipeline,
      DeviceRegistry devices,
      boolean adopted) {
    this.adopted = adopted;
    this.broker = URI.create(brokerUrl);
    this.group = group;
    this.pipeline = pipeline;
    this.devices = devices;
    this.options =
        new MqttClientOptions()
            .setClientId(clientId)
            .setCleanSession(false)
            .setKeepAliveInterval(30)
            .setMaxInflightQueue(10_000)
            .setMaxMessageSize(MqttEndpointVerticle.MAX_PACKET_BYTES)
            .setAckTimeout(30);
    options.setAutoAck(false);
    if (!user.isEmpty()) {
      options.setUsername(user).setPassword(password);
    }
  }

  @Override
  public Future<?> start() {
    client = MqttClient.create(vertx, options);
    client.publishHandler(this::onMessage);
    client.publishCompletionHandler(this::onConfigAcknowledged);
    client.publishCompletionExpirationHandler(
        id -> {
          // No PUBACK within the ack timeout: kept, and sent again on the next flush.
          unacknowledged.remove(id);
          flushConfigs();
        });
    client.closeHandler(
        v -> {
          subscribed = false;
          connection++;
          unacknowledged.clear(); // whatever was in flight is sent again after reconnecting
          reconnectLater();
        });
    return connect();
  }

  private Future<?> connect() {
    int port = broker.getPort() > 0 ? broker.getPort() : 1883;
    return client
        .connect(port, broker.getHost())
        .compose(
            ack ->
                client.subscribe(
                    topics().stream()
                        .collect(Collectors.toMap(t -> t, t -> MqttQoS.AT_LEAST_ONCE.value()))))
        .onSuccess(
            v -> {
              subscribed = true;
              LOG.info(
                  "mqtt: subscribed to {} as group {}{}",
                  broker,
                  group,
                  adopted ? " in the adopted session " + options.getClientId() : "");
              flushConfigs();
            })
        .onFailure(e -> LOG.warn("mqtt: cannot use broker {}: {}", broker, e.getMessage()));
  }

  private List<String> topics() {
    return List.of(
        "$share/" + group + "/yz/v1/st/+/dev/+/telemetry",
        "$share/" + group + "/yz/v1/st/+/dev/+/status");
  }

  /**
   * Retiring an adopted session: leaves the shared subscriptions, so the broker stops choosing this
   * session for new messages; those it already queued for it still come and are stored.
   */
  void leaveGroup() {
    context.runOnContext(
        v ->
            client
                .unsubscribe(topics())
                .onSuccess(
                    id ->
                        LOG.info("mqtt: adopted session {} left the group", options.getClientId()))
                .onFailure(e -> client.disconnect()));
  }

  /**
   * True once no message has come for {@code nanos} and every one that came has been answered
   * (stored, refused or handed back): the session holds nothing more for us.
   */
  boolean drained(long nanos) {
    return handling.get() == 0 && System.nanoTime() - lastMessageAt > nanos;
  }

  /**
   * Why no reading can arrive from the broker now (for readiness), naming the broker; empty while
   * connected and subscribed.
   */
  public java.util.Optional<String> problem() {
    return subscribed
        ? java.util.Optional.empty()
        : java.util.Optional.of("not connected to the broker " + broker + " (reconnecting)");
  }

  private void reconnectLater() {
    if (stopping) {
      return;
    }
    if (adopted) {
      LOG.info("mqtt: adopted session {} closed", options.getClientId());
      return;
    }
    LOG.warn("mqtt: connection to broker {} lost, reconnecting", broker);
    vertx.setTimer(RECONNECT_MS, id -> connect().onFailure(e -> reconnectLater()));
  }

  private void onMessage(MqttPublishMessage m) {
    lastMessageAt = System.nanoTime();
    handling.incrementAndGet();
    int cameOn = connection;
    String deviceId = deviceIdOf(m.topicName());
    if (deviceId != null && devices.find(deviceId).isEmpty()) {
      // Perhaps provisioned through another instance since this one started: ask the database
      // (off the event loop, in arrival order) before judging the message.
      vertx
          .executeBlocking(() -> devices.refresh(deviceId), true)
          .onComplete(ar -> handle(m, cameOn));
      return;
    }
    handle(m, cameOn);
  }

  private static String deviceIdOf(String topic) {
    try {
      return TelemetryTopic.parse(topic).deviceId();
    } catch (RejectedMessageException e) {
      return null; // the pipeline refuses it with the reason
    }
  }

  private void handle(MqttPublishMessage m, int cameOn) {
    byte[] payload = m.payload().getBytes();
    pipeline.handle(
        null,
        null,
        m.topicName(),
        payload,
        new IngestPipeline.Outcome() {
          @Override
          public void accepted() {
            context.runOnContext(v -> ackOn(cameOn, m));
          }

          @Override
          public void rejected(RejectReason reason, String detail) {
            context.runOnContext(v -> ackOn(cameOn, m));
          }

          @Override
          public void busy() {
            // Unacknowledged: drop the session's connection so the broker redelivers later.
            handling.decrementAndGet();
            context.runOnContext(v -> client.disconnect());
          }
        });
  }

  private void ackOn(int cameOn, MqttPublishMessage m) {
    handling.decrementAndGet();
    if (cameOn == connection && client.isConnected()) {
      m.ack();
    }
  }

  /**
   * Publishes a device's configuration retained (QoS 1) on its config topic, so the broker hands it
   * to the device now or when it next subscribes. Kept and sent after a reconnect if the broker is
   * unreachable. Any thread.
   */
  public void publishConfig(String topic, byte[] payload) {
    Buffer b = Buffer.buffer(payload);
    context.runOnContext(
        v -> {
          pendingConfigs.put(topic, b);
          flushConfigs();
        });
  }

  private void flushConfigs() {
    if (client == null || !client.isConnected()) {
      return;
    }
    for (Map.Entry<String, Buffer> e : List.copyOf(pendingConfigs.entrySet())) {
      if (unacknowledged.values().stream().anyMatch(sent -> sent.getValue() == e.getValue())) {
        continue; // this very config is on its way
      }
      client
          .publish(e.getKey(), e.getValue(), MqttQoS.AT_LEAST_ONCE, false, true)
          .onSuccess(id -> unacknowledged.put(id, e))
          .onFailure(
              err ->
                  LOG.warn(
                      "mqtt: config for {} not published yet: {}", e.getKey(), err.getMessage()));
    }
  }

  /** The broker has the config: it leaves the keeping unless a newer one replaced it meanwhile. */
  private void onConfigAcknowledged(int packetId) {
    Map.Entry<String, Buffer> sent = unacknowledged.remove(packetId);
    if (sent != null) {
      pendingConfigs.remove(sent.getKey(), sent.getValue());
    }
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    return client != null && client.isConnected() ? client.disconnect() : Future.succeededFuture();
  }
}
