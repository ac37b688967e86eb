package org.yizhan.device.dynsec;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's connection to the plugin's control topic: sends a list of commands as one message
 * and completes with the plugin's responses, matched by correlation data (the response topic is
 * shared by every admin client, other instances included). Reconnects on its own; a send while
 * disconnected, or unanswered in time, fails and the caller retries.
 */
final class DynsecClient extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DynsecClient.class);

  static final String TOPIC = "$CONTROL/dynamic-security/v1";
  static final String RESPONSE_TOPIC = TOPIC + "/response";
  private static final long RECONNECT_MS = 2_000;

  private final URI broker;
  private final MqttClientOptions options;
  private final long timeoutMs;
  private final Runnable onReady;
  private final String tag = UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, Promise<JsonArray>> waiting = new HashMap<>();
  private MqttClient client;
  private long sequence;
  private boolean stopping;
  private boolean reconnecting;
  private volatile boolean ready;

  /**
   * @param onReady run (on the event loop) each time the client is connected and hears responses,
   *     for a reconcile
   */
  DynsecClient(
      String brokerUrl,
      String clientId,
      String user,
      String password,
      long timeoutMs,
      Runnable onReady) {
    this.broker = URI.create(brokerUrl);
    this.timeoutMs = timeoutMs;
    this.onReady = onReady;
    this.options =
        new MqttClientOptions()
            .setClientId(clientId)
            .setCleanSession(true)
            .setKeepAliveInterval(30);
    if (!user.isEmpty()) {
      options.setUsername(user).setPassword(password);
    }
  }

  @Override
  public Future<?> start() {
    client = MqttClient.create(vertx, options);
    client.publishHandler(this::onResponse);
    client.closeHandler(
        v -> {
          ready = false;
          failAll("the connection to the broker was lost");
          reconnectLater();
        });
    connect();
    return Future.succeededFuture();
  }

  private Future<?> connect() {
    int port = broker.getPort() > 0 ? broker.getPort() : 1883;
    return client
        .connect(port, broker.getHost())
        .compose(ack -> client.subscribe(RESPONSE_TOPIC, MqttQoS.AT_LEAST_ONCE.value()))
        .onSuccess(
            v -> {
              ready = true;
              LOG.info("dynsec: connected to {}", broker);
              onReady.run();
            })
        .onFailure(
            e -> {
              LOG.warn("dynsec: cannot use broker {}: {}", broker, e.getMessage());
              if (!client.isConnected()) {
                reconnectLater();
              }
            });
  }

  private void reconnectLater() {
    if (!stopping && !reconnecting) {
      reconnecting = true;
      vertx.setTimer(
          RECONNECT_MS,
          id -> {
            reconnecting = false;
            connect();
          });
    }
  }

  boolean ready() {
    return ready;
  }

  /**
   * Sends the commands as one message; completes with one response per command, in order. Any
   * thread.
   */
  CompletableFuture<JsonArray> send(List<JsonObject> commands) {
    CompletableFuture<JsonArray> answer = new CompletableFuture<>();
    context.runOnContext(v -> sendNow(commands, answer));
    return answer;
  }

  private void sendNow(List<JsonObject> commands, CompletableFuture<JsonArray> answer) {
    if (!ready) {
      answer.completeExceptionally(new IllegalStateException("not connected to the broker"));
      return;
    }
    String id = tag + "-" + (++sequence);
    JsonArray list = new JsonArray();
    for (int i = 0; i < commands.size(); i++) {
      list.add(commands.get(i).copy().put("correlationData", id + ":" + i));
    }
    Promise<JsonArray> p = Promise.promise();
    waiting.put(id, p);
    long timer =
        vertx.setTimer(
            timeoutMs,
            t -> {
              Promise<JsonArray> late = waiting.remove(id);
              if (late != null) {
                late.fail("no answer from the dynamic security plugin in " + timeoutMs + " ms");
              }
            });
    p.future()
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              if (ar.succeeded()) {
                answer.complete(ar.result());
              } else {
                answer.completeExceptionally(ar.cause());
              }
            });
    client
        .publish(
            TOPIC,
            new JsonObject().put("commands", list).toBuffer(),
            MqttQoS.AT_LEAST_ONCE,
            false,
            false)
        .onFailure(
            e -> {
              Promise<JsonArray> failed = waiting.remove(id);
              if (failed != null) {
                failed.fail(e);
              }
            });
  }

  private void onResponse(MqttPublishMessage m) {
    JsonArray responses;
    try {
      responses = new JsonObject(m.payload()).getJsonArray("responses");
    } catch (DecodeException | ClassCastException e) {
      return;
    }
    if (responses == null || responses.isEmpty()) {
      return;
    }
    String correlation = responses.getJsonObject(0).getString("correlationData", "");
    int colon = correlation.lastIndexOf(':');
    if (colon < 0) {
      return;
    }
    Promise<JsonArray> p = waiting.remove(correlation.substring(0, colon));
    if (p != null) {
      p.complete(responses);
    }
  }

  private void failAll(String why) {
    List<Promise<JsonArray>> all = List.copyOf(waiting.values());
    waiting.clear();
    all.forEach(p -> p.tryFail(why));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    failAll("stopping");
    return client != null && client.isConnected() ? client.disconnect() : Future.succeededFuture();
  }
}
