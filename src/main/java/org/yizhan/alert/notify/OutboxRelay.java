package org.yizhan.alert.notify;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.cluster.Duties;

/**
 * Sends the outbox's pending notices, on the instance that owns the cluster-wide {@link Duties}
 * only: every {@link #POLL}, and at once when this instance stores a change ({@link #poke()}). Each
 * row goes to its target's queue in the {@link WebhookNotifier} with its id as the delivery id; its
 * outcome marks the row delivered or failed. Rows still queued when the server stops or loses the
 * duties stay pending and are sent by the next owner: at least once.
 *
 * <p>All its state is confined to its one thread.
 */
public final class OutboxRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  /** How often the outbox is read for rows stored by other instances (acknowledgements). */
  public static final Duration POLL = Duration.ofSeconds(1);

  /** How long finished rows are kept; the delivery log keeps the history beyond. */
  static final Duration KEEP_FINISHED = Duration.ofDays(7);

  private static final int BATCH = 200;
  private static final int MAX_IN_FLIGHT = 500;
  private static final Duration CLEAN_EVERY = Duration.ofHours(1);

  private final WebhookOutbox outbox;
  private final Duties duties;
  private WebhookNotifier notifier;
  private final ScheduledExecutorService thread;
  private final Set<Long> inFlight = new HashSet<>();
  private final Map<Long, DeliveryStatus> toMark = new LinkedHashMap<>();
  private final AtomicBoolean poked = new AtomicBoolean();
  private boolean sending;
  private Instant lastClean = Instant.EPOCH;

  public OutboxRelay(WebhookOutbox outbox, Duties duties) {
    this.outbox = outbox;
    this.duties = duties;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "yizhan-webhook-outbox");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts reading the outbox now and every {@link #POLL}, sending through {@code notifier} (made
   * with {@link #recordingTo} as its delivery log).
   */
  public void start(WebhookNotifier notifier) {
    this.notifier = notifier;
    thread.scheduleWithFixedDelay(this::cycleLogged, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Reads the outbox soon: this instance has just stored a notice. Pokes that come while one is
   * waiting make one read together. Never blocks.
   */
  public void poke() {
    if (poked.compareAndSet(false, true)) {
      run(
          () -> {
            poked.set(false);
            cycleLogged();
          });
    }
  }

  /**
   * The delivery log the notifier should record to: outcomes of outbox rows mark their rows (and go
   * on to {@code history}); a row dropped from a queue (shutdown, a full queue) stays pending.
   */
  public DeliveryLog recordingTo(DeliveryLog history) {
    return r -> {
      if (r.deliveryId() == null) {
        history.record(r);
        return;
      }
      long id = r.deliveryId();
      if (r.status() == DeliveryStatus.DROPPED) {
        run(() -> inFlight.remove(id));
        return;
      }
      history.record(r);
      run(
          () -> {
            toMark.put(id, r.status());
            markAll();
          });
    };
  }

  private void run(Runnable r) {
    try {
      thread.execute(r);
    } catch (RejectedExecutionException closed) {
      // stopping: what was not marked stays pending and is sent again by the next owner
    }
  }

  private void cycleLogged() {
    try {
      cycle();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("webhook outbox: cannot read pending notices, will retry: {}", e.getMessage());
    }
  }

  private void cycle() throws SQLException {
    markAll();
    if (!duties.owned()) {
      if (sending) {
        sending = false;
        notifier.forgetPending();
        inFlight.clear();
        LOG.info("webhook outbox: not the duties' owner any more; pending notices left to it");
      }
      return;
    }
    sending = true;
    if (inFlight.size() >= MAX_IN_FLIGHT) {
      return;
    }
    List<WebhookOutbox.Pending> rows = outbox.pending(BATCH + inFlight.size());
    for (WebhookOutbox.Pending p : rows) {
      if (!inFlight.add(p.id())) {
        continue;
      }
      if (!notifier.deliver(p.target(), p.notice())) {
        LOG.warn("webhook outbox: notice {} is for target {}, not configured", p.id(), p.target());
        toMark.put(p.id(), DeliveryStatus.FAILED);
      }
    }
    markAll();
    Instant now = Instant.now();
    if (now.isAfter(lastClean.plus(CLEAN_EVERY))) {
      lastClean = now;
      outbox.forgetFinished(now.minus(KEEP_FINISHED));
    }
  }

  /** Stores the outcomes heard so far; those the database refuses are tried next time. */
  private void markAll() {
    var it = toMark.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      try {
        outbox.finish(e.getKey(), e.getValue(), Instant.now());
      } catch (SQLException x) {
        LOG.warn(
            "webhook outbox: cannot mark notice {}, will retry: {}", e.getKey(), x.getMessage());
        return;
      }
      it.remove();
      inFlight.remove(e.getKey());
    }
  }

  /** Stops reading the outbox; what is not yet marked stays pending. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
