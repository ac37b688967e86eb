package org.yizhan.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device behind a broker, for fault tests: publishes a QoS 1 reading every {@code periodMs} while
 * {@link #sending}, stamped with the time it was sent, and records which readings the broker
 * acknowledged (PUBACK). It keeps its session (clean session off) and reconnects by itself, so Paho
 * sends again whatever was in flight when a broker went away, as a real device does.
 */
final class AckedDevice implements AutoCloseable {

  final String id;
  final String station;

  /** Every reading handed to the client: seq to its timestamp. */
  final Map<Long, Instant> published = new ConcurrentHashMap<>();

  /** Seqs the broker acknowledged. */
  final Set<Long> acked = ConcurrentHashMap.newKeySet();

  volatile boolean sending;
  private volatile boolean closed;
  private final MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final Thread thread;
  private final String topic;
  private final long periodMs;
  private long nextSeq = 1;

  AckedDevice(String brokerUrl, String id, String station, long periodMs) throws MqttException {
    this.id = id;
    this.station = station;
    this.periodMs = periodMs;
    this.topic = "yz/v1/st/" + station + "/dev/" + id + "/telemetry";
    client = new MqttAsyncClient(brokerUrl, id, new MemoryPersistence());
    options = new MqttConnectOptions();
    options.setCleanSession(false);
    options.setMaxInflight(1_000);
    options.setKeepAliveInterval(10);
    client.connect(options).waitForCompletion(10_000);
    thread = new Thread(this::loop, "device-" + id);
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!closed) {
      if (sending && client.isConnected()) {
        publishNext();
      }
      try {
        Thread.sleep(periodMs);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void publishNext() {
    long seq = nextSeq;
    Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String json = "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":" + (seq % 5) + "}";
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    try {
      client.publish(
          topic,
          m,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken t) {
              acked.add(seq);
            }

            @Override
            public void onFailure(IMqttToken t, Throwable e) {
              // never acknowledged: the test does not count on it
            }
          });
      published.put(seq, ts);
      nextSeq++;
    } catch (MqttException notNow) {
      // disconnected meanwhile: the same seq goes out on the next tick
    }
  }

  /** Connects again with the same session, after the broker went away. */
  void reconnect() throws MqttException {
    if (!client.isConnected()) {
      client.connect(options).waitForCompletion(10_000);
    }
  }

  /** Publishes still waiting for their PUBACK. */
  int pending() {
    return client.getPendingDeliveryTokens().length;
  }

  @Override
  public void close() throws MqttException {
    closed = true;
    thread.interrupt();
    try {
      client.disconnectForcibly(0, 1_000);
    } finally {
      client.close(true);
    }
  }
}
