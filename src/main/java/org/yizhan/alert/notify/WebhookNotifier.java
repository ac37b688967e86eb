package org.yizhan.alert.notify;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert events to the configured webhooks. The alert code hands an event over and moves
 * on; delivery happens on one Vert.x context, with a bounded ordered queue per target, so a slow or
 * broken receiver delays only its own messages and never the alerts, the other targets or the
 * server's memory.
 *
 * <p>Retries follow the {@link RetryPolicy}; WeCom and DingTalk robots are also paced to 20
 * messages per rolling minute. Each outcome (delivered, failed, dropped) goes to the {@link
 * DeliveryLog}. Build it outside any verticle, so its timers live on its own context rather than on
 * one that an undeploy would close.
 */
public final class WebhookNotifier implements AlertNotifier, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

  public static final int DEFAULT_QUEUE_CAPACITY = 1_000;

  private final Context context;
  private final HttpSender sender;
  private final List<TargetLane> lanes;
  private volatile boolean closed;

  /** With {@link #DEFAULT_QUEUE_CAPACITY} waiting messages per target. */
  public WebhookNotifier(
      Vertx vertx, List<WebhookTarget> targets, RetryPolicy policy, DeliveryLog log) {
    this(vertx, targets, policy, log, DEFAULT_QUEUE_CAPACITY);
  }

  /**
   * @param log where outcomes are recorded, or null to keep only counters and log lines
   * @param queueCapacity messages that may wait per target behind the one being sent
   */
  public WebhookNotifier(
      Vertx vertx,
      List<WebhookTarget> targets,
      RetryPolicy policy,
      DeliveryLog log,
      int queueCapacity) {
    this(vertx, targets, policy, log, queueCapacity, SendWindow::forFormat);
  }

  /** With a chosen pace per format, so tests need not wait out the robots' real minute. */
  WebhookNotifier(
      Vertx vertx,
      List<WebhookTarget> targets,
      RetryPolicy policy,
      DeliveryLog log,
      int queueCapacity,
      Function<WebhookFormat, SendWindow> pacing) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(policy, "policy");
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be at least 1");
    }
    if (new HashSet<>(targets.stream().map(WebhookTarget::name).toList()).size()
        != targets.size()) {
      throw new IllegalArgumentException("webhook target names must be unique");
    }
    this.context = vertx.getOrCreateContext();
    this.sender = new HttpSender(vertx, policy.requestTimeout());
    List<TargetLane> built = new ArrayList<>();
    for (WebhookTarget t : targets) {
      built.add(
          new TargetLane(
              t, vertx, context, sender, policy, log, queueCapacity, pacing.apply(t.format())));
      LOG.info("webhook {}: {} to {}", t.name(), t.format().code(), t.safeUrl());
    }
    this.lanes = List.copyOf(built);
  }

  /** Queues {@code n} for every target that wants it. Never blocks, never throws. */
  @Override
  public void notify(AlertNotice n) {
    if (closed || n == null) {
      return;
    }
    for (TargetLane lane : lanes) {
      try {
        if (lane.target().wants(n)) {
          context.runOnContext(v -> lane.offer(n));
        }
      } catch (RuntimeException e) {
        // Vert.x is shutting down: the event is lost for this target, the caller goes on.
        LOG.warn(
            "webhook {}: cannot queue alert {}: {}",
            lane.target().name(),
            n.alertId(),
            e.toString());
      }
    }
  }

  /**
   * Queues {@code n} for the target named {@code target} only (the outbox chose the targets when it
   * stored the notice). False if no target has that name now. Never blocks.
   */
  public boolean deliver(String target, AlertNotice n) {
    for (TargetLane lane : lanes) {
      if (lane.target().name().equals(target)) {
        if (closed) {
          return true;
        }
        try {
          context.runOnContext(v -> lane.offer(n));
        } catch (RuntimeException e) {
          LOG.warn("webhook {}: cannot queue alert {}: {}", target, n.alertId(), e.toString());
        }
        return true;
      }
    }
    return false;
  }

  /**
   * Drops what every target holds, sent or waiting, without recording it: another instance now runs
   * the duties and sends those notices from the outbox. A request already on the wire may still
   * arrive; the delivery id lets the receiver drop the second one.
   */
  public void forgetPending() {
    try {
      context.runOnContext(v -> lanes.forEach(TargetLane::forget));
    } catch (RuntimeException e) {
      LOG.warn("webhooks: cannot stop the queues, Vert.x is stopping: {}", e.toString());
    }
  }

  /**
   * Counters per target, for an admin endpoint: {@code {"targets": {"<name>": {"format", "url"
   * (host only), "queued", "delivered", "failed", "retried", "dropped", "last_error"}}}}.
   */
  public JsonObject stats() {
    JsonObject targets = new JsonObject();
    for (TargetLane lane : lanes) {
      targets.put(lane.target().name(), lane.stats());
    }
    return new JsonObject().put("targets", targets);
  }

  /**
   * Stops sending and records what is still pending as dropped. Waits up to 5 s for that when
   * called from outside the event loop (a shutdown hook); on an event loop it does not wait.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    CountDownLatch done = new CountDownLatch(1);
    try {
      context.runOnContext(
          v -> {
            try {
              lanes.forEach(TargetLane::close);
            } finally {
              sender.close();
              done.countDown();
            }
          });
      if (!Context.isOnEventLoopThread()) {
        done.await(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("webhooks: closed while Vert.x was already stopping: {}", e.toString());
    }
  }
}
