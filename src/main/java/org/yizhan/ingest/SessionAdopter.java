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
 * adopted connection closes and is not opened again while the lock is held. An id is retired for
 * good by deleting its {@code broker_session} row.
 */
public final class SessionAdopter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionAdopter.class);

  private record Adopted(BrokerSubscriber subscriber, Future<String> deployment) {
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
    Set<String> free = Set.of();
    if (duties.owned()) {
      try {
        free = DeadInstances.list(ds, mqtt.clientId());
      } catch (SQLException | RuntimeException e) {
        LOG.debug("mqtt: cannot tell which instances are dead: {}", e.getMessage());
      }
    }
    Set<String> adopt = new TreeSet<>(free);
    adopt.retainAll(freeAtLastCheck);
    freeAtLastCheck = free;
    for (Iterator<Map.Entry<String, Adopted>> it = adopted.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Adopted> e = it.next();
      if (!adopt.contains(e.getKey())) {
        LOG.info(
            "mqtt: letting go of the adopted session {} ({})",
            e.getKey(),
            duties.owned() ? "its instance is back, or the id was retired" : "no longer the owner");
        release(e.getValue());
        it.remove();
      }
    }
    for (String id : adopt) {
      Adopted a = adopted.get(id);
      if (a != null && !a.lost()) {
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

  private void release(Adopted a) {
    a.deployment().onSuccess(vertx::undeploy);
  }

  /** Disconnects every adopted session (kept by the broker for the next owner or its instance). */
  @Override
  public void close() throws Exception {
    thread.shutdownNow();
    synchronized (this) {
      for (Adopted a : adopted.values()) {
        if (a.deployment().succeeded()) {
          vertx.undeploy(a.deployment().result()).await(5, TimeUnit.SECONDS);
        }
      }
      adopted.clear();
      count = 0;
    }
  }
}
