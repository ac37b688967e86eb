package org.yizhan.device.dynsec;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.config.MqttConfig;
import org.yizhan.device.Device;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.device.dynsec.DynsecCommands.BrokerClient;
import org.yizhan.station.Station;

/**
 * Keeps Mosquitto's dynamic security plugin in step with the device registry: each change made
 * through this instance (provisioning, new secret, disabled, enabled, station closed or opened) is
 * brought to the broker's client for that device, and a full reconcile (registry against the
 * broker's {@code listClients}) runs whenever the control connection is made and every few minutes.
 *
 * <p>The server keeps only a hash of each device's secret, so the broker's password can be set only
 * while the secret is in hand: when it is issued. Such a secret stays in memory until the broker
 * has it; a command that fails or goes unanswered is tried again with a growing pause, up to {@link
 * #MAX_ATTEMPTS} times, then left to the next reconcile (logged, and counted in the metrics). A
 * device missing from the broker with no secret in hand (provisioned while the broker was out of
 * reach and the instance restarted since) is created without a password: it cannot log in until its
 * secret is rotated.
 */
public final class BrokerAccounts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerAccounts.class);

  static final int MAX_ATTEMPTS = 5;
  private static final long FIRST_RETRY_MS = 1_000;
  private static final long ANSWER_MS = 5_000;
  private static final long RECONCILE_MINUTES = 5;
  private static final int PAGE = 1_000;

  private final DeviceRegistry registry;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "yizhan-dynsec");
            t.setDaemon(true);
            return t;
          });

  /** Secrets issued and not yet set on the broker, by device id. */
  private final Map<String, String> secrets = new ConcurrentHashMap<>();

  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Set<String> stale = ConcurrentHashMap.newKeySet();
  private final Set<String> withoutPassword = ConcurrentHashMap.newKeySet();
  private final AtomicLong failures = new AtomicLong();
  private final Vertx vertx;
  private DynsecClient client;
  private String deployment;

  private BrokerAccounts(Vertx vertx, DeviceRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  /**
   * Connects to the broker's control topic as the server's broker user (a dynsec admin) and starts
   * keeping the broker's clients in step; the first reconcile runs once connected.
   */
  public static BrokerAccounts start(Vertx vertx, MqttConfig m, DeviceRegistry registry)
      throws Exception {
    BrokerAccounts a = new BrokerAccounts(vertx, registry);
    a.client =
        new DynsecClient(
            m.brokerUrl().orElseThrow(),
            m.clientId() + "-dynsec",
            m.brokerUser(),
            m.brokerPassword(),
            ANSWER_MS,
            () -> a.worker.execute(a::reconcileLogged));
    a.deployment = vertx.deployVerticle(a.client).await(30, TimeUnit.SECONDS);
    a.worker.scheduleAtFixedRate(
        a::reconcileLogged, RECONCILE_MINUTES, RECONCILE_MINUTES, TimeUnit.MINUTES);
    registry.onChanged(a::changed);
    return a;
  }

  /** A change made through this instance: brought to the broker soon. Any thread. */
  public void changed(Device d, String secret) {
    if (secret != null) {
      secrets.put(d.id(), secret);
    }
    schedule(d.id(), 0, 0);
  }

  /** Stations closed or opened: their devices may connect, or not, from now on. */
  public void stationsChanged(Collection<Station> changed) {
    Set<String> ids = new java.util.HashSet<>();
    changed.forEach(s -> ids.add(s.id()));
    for (Device d : registry.list()) {
      if (ids.contains(d.stationId())) {
        schedule(d.id(), 0, 0);
      }
    }
  }

  private void schedule(String deviceId, int attempt, long delayMs) {
    if (queued.add(deviceId)) {
      worker.schedule(() -> sync(deviceId, attempt), delayMs, TimeUnit.MILLISECONDS);
    }
  }

  private void sync(String deviceId, int attempt) {
    queued.remove(deviceId);
    Optional<Device> found = registry.find(deviceId);
    if (found.isEmpty()) {
      return;
    }
    try {
      Device d = found.get();
      String secret = secrets.get(deviceId);
      JsonObject got = call(List.of(DynsecCommands.getClient(deviceId))).getJsonObject(0);
      BrokerClient now = null;
      if (got.containsKey("error")) {
        if (!"Client not found".equals(got.getString("error"))) {
          throw new IllegalStateException("getClient " + deviceId + ": " + got.getString("error"));
        }
      } else {
        now = BrokerClient.of(got.getJsonObject("data").getJsonObject("client"), deviceId);
      }
      List<JsonObject> commands = DynsecCommands.toMatch(d, registry.admits(d), secret, now);
      if (!commands.isEmpty()) {
        requireDone(commands, call(commands));
      }
      if (secret != null) {
        secrets.remove(deviceId, secret);
        withoutPassword.remove(deviceId);
      } else if (now == null) {
        withoutPassword.add(deviceId);
        LOG.warn(
            "dynsec: created broker client {} without a password (its secret was issued while the"
                + " broker could not take it): rotate its secret to let it log in",
            deviceId);
      }
      stale.remove(deviceId);
    } catch (Exception e) {
      failures.incrementAndGet();
      if (attempt + 1 < MAX_ATTEMPTS) {
        long pause = FIRST_RETRY_MS << attempt;
        LOG.warn(
            "dynsec: could not update broker client {} (attempt {}), again in {} ms: {}",
            deviceId,
            attempt + 1,
            pause,
            e.getMessage());
        schedule(deviceId, attempt + 1, pause);
      } else {
        stale.add(deviceId);
        LOG.error(
            "dynsec: gave up updating broker client {} after {} attempts; the next reconcile tries"
                + " again: {}",
            deviceId,
            MAX_ATTEMPTS,
            e.getMessage());
      }
    }
  }

  private static void requireDone(List<JsonObject> commands, JsonArray responses) {
    for (int i = 0; i < responses.size(); i++) {
      String error = responses.getJsonObject(i).getString("error");
      if (error != null && !DynsecCommands.ROLE_EXISTS.equals(error)) {
        throw new IllegalStateException(
            commands.get(i).getString("command") + " refused by the broker: " + error);
      }
    }
  }

  private JsonArray call(List<JsonObject> commands) throws Exception {
    JsonArray r = client.send(commands).get(ANSWER_MS + 1_000, TimeUnit.MILLISECONDS);
    if (r.size() != commands.size()) {
      throw new IllegalStateException(
          "the broker answered " + r.size() + " of " + commands.size() + " commands");
    }
    return r;
  }

  private void reconcileLogged() {
    try {
      reconcile();
    } catch (Exception e) {
      failures.incrementAndGet();
      LOG.warn("dynsec: reconcile failed, tried again later: {}", e.getMessage());
    }
  }

  /**
   * Compares every device with the broker's clients: a device whose client is missing or differs is
   * brought in step, and a client this server made for a device it no longer has is removed.
   */
  private void reconcile() throws Exception {
    if (!client.ready()) {
      return;
    }
    Map<String, JsonObject> onBroker = new HashMap<>();
    for (int offset = 0; ; offset += PAGE) {
      JsonObject r = call(List.of(DynsecCommands.listClients(offset, PAGE))).getJsonObject(0);
      if (r.containsKey("error")) {
        throw new IllegalStateException("listClients: " + r.getString("error"));
      }
      JsonArray clients = r.getJsonObject("data").getJsonArray("clients", new JsonArray());
      for (int i = 0; i < clients.size(); i++) {
        JsonObject c = clients.getJsonObject(i);
        onBroker.put(c.getString("username"), c);
      }
      if (clients.size() < PAGE) {
        break;
      }
    }
    int behind = 0;
    Set<String> known = new java.util.HashSet<>();
    for (Device d : registry.list()) {
      known.add(d.id());
      JsonObject c = onBroker.get(d.id());
      BrokerClient now = c == null ? null : BrokerClient.of(c, d.id());
      if (!DynsecCommands.toMatch(d, registry.admits(d), secrets.get(d.id()), now).isEmpty()) {
        behind++;
        schedule(d.id(), 0, 0);
      }
    }
    int removed = 0;
    for (JsonObject c : onBroker.values()) {
      String user = c.getString("username");
      if (DynsecCommands.TEXTNAME.equals(c.getString("textname"))
          && !known.contains(user)
          && goneFromTheRecord(user)) {
        List<JsonObject> remove = DynsecCommands.remove(user);
        requireDone(remove, call(remove));
        removed++;
      }
    }
    LOG.info(
        "dynsec: reconciled {} devices with {} broker clients: {} to update, {} removed",
        known.size(),
        onBroker.size(),
        behind,
        removed);
  }

  /**
   * Whether the device is gone from the database too, not only unknown here: another instance may
   * have provisioned it a moment ago.
   */
  private boolean goneFromTheRecord(String deviceId) throws java.sql.SQLException {
    registry.reload(deviceId);
    return registry.find(deviceId).isEmpty();
  }

  /** Counts for {@code /metrics}: changes waiting, devices given up on, failed attempts. */
  public void bindMetrics(MeterRegistry metrics) {
    Gauge.builder("yizhan.broker.accounts.pending", queued, Set::size)
        .description("Devices whose broker client is waiting to be updated")
        .register(metrics);
    Gauge.builder("yizhan.broker.accounts.stale", stale, Set::size)
        .description("Devices whose broker client could not be updated; the next reconcile retries")
        .register(metrics);
    Gauge.builder("yizhan.broker.accounts.without.password", withoutPassword, Set::size)
        .description("Broker clients created without a password: rotate these devices' secrets")
        .register(metrics);
    FunctionCounter.builder("yizhan.broker.accounts.failures", failures, AtomicLong::get)
        .description("Failed or unanswered dynamic security commands")
        .register(metrics);
  }

  @Override
  public void close() throws Exception {
    worker.shutdownNow();
    worker.awaitTermination(5, TimeUnit.SECONDS);
    if (deployment != null) {
      vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
    }
  }
}
