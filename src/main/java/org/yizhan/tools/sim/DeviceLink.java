package org.yizhan.tools.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.telemetry.TelemetryTopic;
import org.yizhan.tools.sim.Credentials.Credential;
import org.yizhan.tools.sim.SimReading.Pending;

/**
 * One simulated device's MQTT side: connect (rate-limited by its shard), subscribe to its config,
 * publish its birth, publish readings with QoS 1 keeping each until its PUBACK, and after a lost
 * connection or a deliberate outage reconnect with exponential backoff and jitter and send what it
 * buffered as backfill batches, oldest first, one batch at a time. Runs entirely on its shard's
 * event loop, so nothing here is synchronised.
 *
 * <p>Over 300 lines on purpose: connection, buffering and backfill share one device's state on one
 * event loop, which is what makes the simulated device behave like firmware.
 */
final class DeviceLink {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceLink.class);
  private static final long CONNECT_TIMEOUT_MS = 30_000;
  private static final long BIRTH_WAIT_MS = 1_000;
  private static final long MAX_BACKOFF_MS = 60_000;

  enum State {
    WAITING,
    CONNECTING,
    ONLINE,
    OUTAGE,
    STOPPED
  }

  private final Credential cred;
  private final DeviceModel model;
  private final SimSettings s;
  private final Stats stats;
  private final SplittableRandom rnd;
  private final String telemetryTopic;
  private final String statusTopic;
  private final String configTopic;
  private final Outbox outbox;
  private Shard shard;
  private MqttClient client;
  private State state = State.WAITING;
  private long retryAtMs;
  private long deadlineMs;
  private long outageEndMs;
  private int attempts;
  private long nextDueMs;
  private long intervalMs;
  private int configVersion;
  private boolean birthSent;
  private long birthDueMs;
  private boolean generating = true;
  private Promise<Void> goodbye;
  private int goodbyeId = -1;

  DeviceLink(Credential cred, DeviceModel model, SimSettings s, Stats stats) {
    this.cred = cred;
    this.model = model;
    this.s = s;
    this.stats = stats;
    this.rnd = new SplittableRandom(Climate.mix64(s.seed() ^ cred.deviceId().hashCode()));
    this.telemetryTopic = TelemetryTopic.telemetry(cred.stationId(), cred.deviceId());
    this.statusTopic = TelemetryTopic.status(cred.stationId(), cred.deviceId());
    this.configTopic = TelemetryTopic.config(cred.stationId(), cred.deviceId());
    this.intervalMs = s.intervalMs();
    this.outbox = new Outbox(stats, s.window(), s.bufferMax());
  }

  /** Binds the device to its shard; the first reading comes at a random point of one interval. */
  void attach(Shard shard, long nowMs) {
    this.shard = shard;
    this.nextDueMs = nowMs + (long) (rnd.nextDouble() * intervalMs);
  }

  State state() {
    return state;
  }

  /** Called by the shard's timer: connect when due, take a reading when due, send. */
  void tick(long now) {
    switch (state) {
      case WAITING -> {
        if (now >= retryAtMs && shard.tryConnect()) {
          connect(now);
        }
      }
      case CONNECTING -> {
        if (now >= deadlineMs) {
          MqttClient c = client;
          lost(now, true);
          Abrupt.close(c);
        }
      }
      case OUTAGE -> {
        if (now >= outageEndMs) {
          state = State.WAITING;
          retryAtMs = now;
        }
      }
      case ONLINE -> {
        if (!birthSent && now >= birthDueMs) {
          sendStatus(now, true);
        }
      }
      default -> {}
    }
    if (generating && now >= nextDueMs) {
      take(now);
    }
    if (state == State.ONLINE) {
      pump();
    }
  }

  private void take(long now) {
    nextDueMs = now - nextDueMs >= intervalMs ? now + intervalMs : nextDueMs + intervalMs;
    if (rnd.nextDouble() < s.dropoutShare()) {
      stats.skippedReadings.increment();
      return;
    }
    Pending p = model.next(now, s.clock().modelMs(now)).encode(shard.scratch, shard.time);
    outbox.add(p, state == State.ONLINE);
    if (state == State.ONLINE
        && s.outagesPerHour() > 0
        && rnd.nextDouble() < s.outagesPerHour() * intervalMs / 3.6e6) {
      startOutage(now);
    }
  }

  private void pump() {
    outbox.pump(this::send, rnd);
  }

  private void send(Outbox.Msg m, String payload) {
    MqttClient c = client;
    c.publish(telemetryTopic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
        .onComplete(
            ar -> ifCurrent(c, () -> outbox.written(m, ar.succeeded() ? ar.result() : null)));
  }

  private void connect(long now) {
    state = State.CONNECTING;
    deadlineMs = now + CONNECT_TIMEOUT_MS;
    attempts++;
    MqttClientOptions options = DeviceMessages.connect(cred, statusTopic, s.window());
    String source = s.sourceAddressFor(cred.deviceId());
    if (source != null) {
      options.setLocalAddress(source);
    }
    MqttClient c = MqttClient.create(shard.getVertx(), options);
    client = c;
    c.publishCompletionHandler(
        id ->
            ifCurrent(
                c,
                () -> {
                  outbox.acked(id);
                  if (goodbye != null && id == goodbyeId) {
                    disconnect();
                  } else if (state == State.ONLINE) {
                    pump();
                  }
                }));
    c.publishHandler(msg -> ifCurrent(c, () -> onConfig(msg)));
    c.closeHandler(v -> ifCurrent(c, () -> lost(System.currentTimeMillis(), false)));
    c.exceptionHandler(e -> LOG.debug("sim: {}: {}", cred.deviceId(), e.toString()));
    c.connect(s.port(), s.host())
        .onComplete(
            ar -> {
              if (c != client || state != State.CONNECTING) {
                return;
              }
              if (ar.succeeded()) {
                connected(System.currentTimeMillis());
              } else {
                shard.connectFailed(cred.deviceId(), ar.cause());
                lost(System.currentTimeMillis(), true);
                Abrupt.close(c);
              }
            });
  }

  private void ifCurrent(MqttClient c, Runnable r) {
    if (c == client) {
      r.run();
    }
  }

  private void connected(long now) {
    state = State.ONLINE;
    attempts = 0;
    stats.connects.increment();
    stats.online.incrementAndGet();
    birthSent = false;
    birthDueMs = now + BIRTH_WAIT_MS;
    client.subscribe(configTopic, 1);
    pump();
  }

  /** The connection failed or dropped (not on purpose): buffer everything and retry later. */
  private void lost(long now, boolean duringConnect) {
    if (state == State.ONLINE) {
      stats.online.decrementAndGet();
      stats.connectionLosses.increment();
    } else if (state == State.CONNECTING || duringConnect) {
      stats.failedConnects.increment();
    } else {
      return;
    }
    client = null;
    outbox.connectionLost();
    state = State.WAITING;
    long base = Math.min(MAX_BACKOFF_MS, 1000L << Math.min(attempts, 6));
    retryAtMs = now + base / 2 + rnd.nextLong(base / 2 + 1);
  }

  /** Goes offline abruptly for a while (the server sees the last will), buffering readings. */
  private void startOutage(long now) {
    double mean = Math.max(1, s.outageMeanS()) * 1000;
    long length =
        (long) Math.min(4 * mean, Math.max(mean / 6, -mean * Math.log(1 - rnd.nextDouble())));
    stats.outages.increment();
    stats.online.decrementAndGet();
    MqttClient c = client;
    client = null;
    outbox.connectionLost();
    state = State.OUTAGE;
    outageEndMs = now + length;
    Abrupt.close(c);
  }

  private void onConfig(MqttPublishMessage msg) {
    if (!configTopic.equals(msg.topicName())) {
      return;
    }
    try {
      JsonObject c = new JsonObject(msg.payload());
      Integer version = c.getInteger("version");
      Integer intervalS = c.getInteger("interval_s");
      boolean changed = version != null && version != configVersion;
      if (changed) {
        configVersion = version;
        if (intervalS != null && intervalS > 0) {
          // interval_s is the longest gap allowed; --interval-s may ask for more often.
          intervalMs = Math.min(s.intervalMs(), intervalS * 1000L);
          nextDueMs = Math.min(nextDueMs, System.currentTimeMillis() + intervalMs);
        }
      }
      if (changed || !birthSent) {
        sendStatus(System.currentTimeMillis(), true);
      }
    } catch (RuntimeException e) {
      LOG.debug("sim: {}: unreadable config: {}", cred.deviceId(), e.toString());
    }
  }

  /** Publishes the birth (online) or a graceful offline message, retained, QoS 1. */
  private Future<Integer> sendStatus(long now, boolean online) {
    String payload;
    if (online) {
      birthSent = true;
      payload =
          DeviceMessages.birth(
              shard.scratch, shard.time, now, model.fw(), intervalMs, configVersion);
    } else {
      payload = DeviceMessages.goodbye(shard.scratch, shard.time, now);
    }
    stats.statusMessages.increment();
    MqttClient c = client;
    return c.publish(statusTopic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, true)
        .onSuccess(id -> ifCurrent(c, () -> outbox.statusWritten(id)));
  }

  /** Stops taking readings and ends any outage early, so that what was taken gets sent. */
  void stopTaking() {
    generating = false;
    if (state == State.OUTAGE) {
      state = State.WAITING;
      retryAtMs = 0;
    }
  }

  /** Everything taken was acknowledged. */
  boolean drained() {
    return outbox.drained();
  }

  /**
   * Says goodbye if connected: a graceful offline status, then DISCONNECT once the server
   * acknowledged it (or after two seconds). Stops for good.
   */
  Future<Void> shutdown() {
    generating = false;
    MqttClient c = client;
    if (state != State.ONLINE) {
      client = null;
      Abrupt.close(c);
      state = State.STOPPED;
      return Future.succeededFuture();
    }
    stats.online.decrementAndGet();
    state = State.STOPPED;
    goodbye = Promise.promise();
    sendStatus(System.currentTimeMillis(), false)
        .onComplete(ar -> goodbyeId = ar.succeeded() ? ar.result() : -1);
    shard.getVertx().setTimer(2_000, t -> disconnect());
    return goodbye.future();
  }

  private void disconnect() {
    Promise<Void> p = goodbye;
    MqttClient c = client;
    if (p == null || c == null) {
      return;
    }
    goodbye = null;
    client = null;
    c.disconnect().onComplete(ar -> p.tryComplete());
  }
}
