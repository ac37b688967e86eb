package org.yizhan.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.cluster.DeadInstances;
import org.yizhan.cluster.Duties;
import org.yizhan.cluster.DutyLock;
import org.yizhan.config.MqttConfig;
import org.yizhan.device.DeviceRegistry;

/**
 * Broker mode: takes over the persistent broker session of an instance that died, so that the
 * readings the broker keeps for it (in flight at its death, and its round-robin share of the shared
 * subscriptions since) are stored without waiting for it to come back. Only the owner of the
 * cluster-wide {@link Duties} adopts, so two instances never take the same session; an owner that
 * loses the duties lets go of every adopted session, and the next owner adopts them (and the old
 * owner's own, if it died).
 *
 * <p>Every {@link DutyLock#CHECK} the owner lists the client ids whose instance lock is free
 * ({@link DeadInstances}); an id free at two checks in a row is adopted: a {@link BrokerSubscriber}
 * with that client id, clean session false and the same shared subscriptions, feeding the normal
 * pipeline (acknowledged after commit; a reading stored twice is one row). It is released
 * (disconnected, the session kept) as soon as the id's lock is held again, which its instance does
 * before it connects to the broker; if the broker hands the id to the returning instance first, the
 * adopted connection closes and is not opened again while the lock is held.
 *
 * <p>An admin retires an id for good by setting {@code broker_session.retire_requested_at}: the
 * adopted session leaves the shared group, stores what the broker had queued for it, and once it
 * has been quiet for 3 s the session is ended on the broker (clean-session CONNECT) and the row
 * deleted.
 */
public final class SessionAdopter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionAdopter.class);

  /** How long a retiring session must be quiet (nothing new, nothing unanswered) to end it. */
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(3);

  /** One adopted session; touched only on the adopter's thread. */
  private static final class Adopted {
    final BrokerSubscriber subscriber;
    final Future<String> deployment;

    /** When it left the shared group to be retired; 0 while it takes its share. */
    long leftAt;

    Adopted(BrokerSubscriber subscriber, Future<String> deployment) {
      this.subscriber = subscriber;
      this.deployment = deployment;
    }

    /** The connection failed or was closed (by the broker, or the instance taking its id back). */
    boolean lost() {
      return deployment.failed() || (deployment.succeeded() && subscriber.problem().isPresent());
    }
  }

  private final Vertx vertx;
  private final DataSource ds;
  private final Duties duties;
  private final MqttConfig mqtt;
  private final IngestPipeline pipeline;
  private final DeviceRegistry devices;
  private final ScheduledExecutorService thread;
  private final Map<String, Adopted> adopted = new HashMap<>();
  private Set<String> freeAtLastCheck = Set.of();
  private volatile int count;

  SessionAdopter(
      Vertx vertx,
      DataSource ds,
      Duties duties,
      MqttConfig mqtt,
      IngestPipeline pipeline,
      DeviceRegistry devices) {
    this.vertx = vertx;
    this.ds = ds;
    this.duties = duties;
    this.mqtt = mqtt;
    this.pipeline = pipeline;
    this.devices = devices;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "yizhan-session-adopter");
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    thread.scheduleWithFixedDelay(this::tick, 0, DutyLock.CHECK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** {@code yizhan_broker_sessions_adopted}: dead instances' sessions this instance holds. */
  public void bindMetrics(MeterRegistry registry) {
    Gauge.builder("yizhan.broker.sessions.adopted", this, a -> a.count)
        .description("broker sessions of dead instances that this instance has taken over")
        .register(registry);
  }

  private synchronized void tick() {
    Map<String, Boolean> free = Map.of();
    if (duties.owned()) {
      try {
        free = DeadInstances.list(ds, mqtt.clientId());
      } catch (SQLException | RuntimeException e) {
        LOG.debug("mqtt: cannot tell which instances are dead: {}", e.getMessage());
      }
    }
    Set<String> adopt = new TreeSet<>(free.keySet());
    adopt.retainAll(freeAtLastCheck);
    freeAtLastCheck = free.keySet();
    for (Iterator<Map.Entry<String, Adopted>> it = adopted.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Adopted> e = it.next();
      if (!adopt.contains(e.getKey())) {
        LOG.info(
            "mqtt: letting go of the adopted session {} ({})",
            e.getKey(),
            duties.owned() ? "its instance is back" : "no longer the owner");
        release(e.getValue());
        it.remove();
      }
    }
    for (String id : adopt) {
      Adopted a = adopted.get(id);
      if (a != null && !a.lost()) {
        if (free.get(id) && a.deployment.succeeded()) {
          retire(id, a);
        }
        continue;
      }
      if (a != null) {
        release(a);
      }
      LOG.info("mqtt: adopting the broker session {}: its instance lock is free", id);
      BrokerSubscriber s =
          new BrokerSubscriber(
              mqtt.brokerUrl().orElseThrow(),
              id,
              mqtt.brokerUser(),
              mqtt.brokerPassword(),
              mqtt.sharedGroup(),
              pipeline,
              devices,
              true);
      adopted.put(id, new Adopted(s, vertx.deployVerticle(s)));
    }
    count = adopted.size();
  }

  /**
   * An admin asked to retire the id: leave the shared group so the broker queues nothing more for
   * it, take what it had queued, and once that is stored end the session on the broker and forget
   * the id.
   */
  private void retire(String id, Adopted a) {
    long now = System.nanoTime();
    if (a.leftAt == 0) {
      LOG.info("mqtt: retiring the client id {}: leaving the group, storing what it holds", id);
      a.leftAt = now;
      a.subscriber.leaveGroup();
      return;
    }
    if (now - a.leftAt < QUIET_NANOS || !a.subscriber.drained(QUIET_NANOS)) {
      return;
    }
    try {
      vertx.undeploy(a.deployment.result()).await(5, TimeUnit.SECONDS);
      adopted.remove(id);
      SessionEnd.end(vertx, mqtt, id);
      boolean forgotten = DeadInstances.forget(ds, id);
      LOG.info(
          "mqtt: retired the client id {}: its broker session ended{}",
          id,
          forgotten ? " and the id forgotten" : "; its instance came back meanwhile");
    } catch (Exception e) {
      LOG.warn("mqtt: retiring {} not finished, trying again: {}", id, e.toString());
    }
  }

  private void release(Adopted a) {
    a.deployment.onSuccess(vertx::undeploy);
  }

  /** Disconnects every adopted session (kept by the broker for the next owner or its instance). */
  @Override
  public void close() throws Exception {
    thread.shutdownNow();
    synchronized (this) {
      for (Adopted a : adopted.values()) {
        if (a.deployment.succeeded()) {
          vertx.undeploy(a.deployment.result()).await(5, TimeUnit.SECONDS);
        }
      }
      adopted.clear();
      count = 0;
    }
  }
}
