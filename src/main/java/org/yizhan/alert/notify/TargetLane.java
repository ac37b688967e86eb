package org.yizhan.alert.notify;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's queue. Messages go out one at a time, in the order the events happened: a "resolved"
 * must never overtake its "opened". While the head is being retried the rest wait; when the queue
 * is full the oldest waiting message is dropped, because the newest events describe the present.
 * All state is confined to the notifier's context; the counters are read from any thread.
 */
final class TargetLane {

  private static final Logger LOG = LoggerFactory.getLogger(TargetLane.class);

  /** The message being sent or waiting for its next attempt. */
  private static final class InFlight {
    final AlertNotice notice;
    int attempts;
    Instant firstTryAt;
    String lastError;

    InFlight(AlertNotice notice) {
      this.notice = notice;
    }
  }

  private final WebhookTarget target;
  private final Vertx vertx;
  private final Context context;
  private final HttpSender sender;
  private final RetryPolicy policy;
  private final DeliveryLog log;
  private final int capacity;
  private final SendWindow window;
  private final ArrayDeque<AlertNotice> waiting = new ArrayDeque<>();
  private InFlight current;
  private long timerId = -1;
  private boolean closed;

  private final LaneCounters counters = new LaneCounters();

  TargetLane(
      WebhookTarget target,
      Vertx vertx,
      Context context,
      HttpSender sender,
      RetryPolicy policy,
      DeliveryLog log,
      int capacity,
      SendWindow window) {
    this.target = target;
    this.vertx = vertx;
    this.context = context;
    this.sender = sender;
    this.policy = policy;
    this.log = log;
    this.capacity = capacity;
    this.window = window;
  }

  WebhookTarget target() {
    return target;
  }

  /** Takes a new event; on the context. */
  void offer(AlertNotice n) {
    if (closed) {
      return;
    }
    if (current == null) {
      start(n);
      return;
    }
    if (waiting.size() >= capacity) {
      AlertNotice oldest = waiting.pollFirst();
      long total = counters.dropped.incrementAndGet();
      LOG.warn(
          "webhook {}: queue full ({}), dropped alert {} {} ({} dropped so far)",
          target.name(),
          capacity,
          oldest.alertId(),
          oldest.event().code(),
          total);
      record(oldest, DeliveryStatus.DROPPED, 0, "queue full", null);
    }
    waiting.addLast(n);
    counters.queued.set(waiting.size());
  }

  private void start(AlertNotice n) {
    current = new InFlight(n);
    attempt(current);
  }

  private void attempt(InFlight f) {
    timerId = -1;
    if (closed || f != current) {
      return;
    }
    long waitNanos = window.waitNanos(System.nanoTime());
    if (waitNanos > 0) {
      later(TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1, () -> attempt(f));
      return;
    }
    window.sent(System.nanoTime());
    f.attempts++;
    if (f.firstTryAt == null) {
      f.firstTryAt = Instant.now();
    }
    PreparedRequest req;
    try {
      req = WebhookBodies.prepare(target, f.notice, System.currentTimeMillis());
    } catch (RuntimeException e) {
      conclude(f, Verdict.fail("cannot render: " + e.getMessage()));
      return;
    }
    sender.send(req).onComplete(ar -> onContext(() -> onAnswer(f, ar)));
  }

  private void onAnswer(InFlight f, AsyncResult<Reply> ar) {
    if (closed || f != current) {
      return;
    }
    Verdict v =
        ar.succeeded()
            ? ReplyJudge.judge(target.format(), ar.result(), Instant.now())
            : Verdict.retry(describe(ar.cause()), null);
    conclude(f, v);
  }

  private void conclude(InFlight f, Verdict v) {
    String error = v.error() == null ? null : scrub(v.error());
    f.lastError = error;
    switch (v.kind()) {
      case DELIVERED -> finish(f, DeliveryStatus.DELIVERED);
      case FAIL -> finish(f, DeliveryStatus.FAILED);
      case RETRY -> {
        if (f.attempts >= policy.maxAttempts()) {
          finish(f, DeliveryStatus.FAILED);
          return;
        }
        Duration delay = policy.delay(f.attempts, ThreadLocalRandom.current().nextDouble());
        if (v.notBefore() != null && v.notBefore().compareTo(delay) > 0) {
          delay = v.notBefore();
        }
        counters.retried.incrementAndGet();
        counters.lastError = error;
        LOG.info(
            "webhook {}: alert {} {} attempt {} failed ({}), retrying in {} ms",
            target.name(),
            f.notice.alertId(),
            f.notice.event().code(),
            f.attempts,
            error,
            delay.toMillis());
        later(delay.toMillis(), () -> attempt(f));
      }
    }
  }

  private void finish(InFlight f, DeliveryStatus status) {
    if (status == DeliveryStatus.DELIVERED) {
      counters.delivered.incrementAndGet();
      LOG.debug(
          "webhook {}: alert {} {} delivered after {} attempt(s)",
          target.name(),
          f.notice.alertId(),
          f.notice.event().code(),
          f.attempts);
    } else {
      counters.failed.incrementAndGet();
      counters.lastError = f.lastError;
      LOG.warn(
          "webhook {}: alert {} {} failed after {} attempt(s): {}",
          target.name(),
          f.notice.alertId(),
          f.notice.event().code(),
          f.attempts,
          f.lastError);
    }
    record(f.notice, status, f.attempts, f.lastError, f.firstTryAt);
    current = null;
    AlertNotice next = waiting.pollFirst();
    counters.queued.set(waiting.size());
    if (next != null) {
      start(next);
    }
  }

  /** Stops sending; what is still pending is recorded as dropped. On the context. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    int pending = waiting.size() + (current == null ? 0 : 1);
    if (current != null) {
      record(
          current.notice,
          DeliveryStatus.DROPPED,
          current.attempts,
          current.lastError == null ? "shutdown" : "shutdown after: " + current.lastError,
          current.firstTryAt);
      current = null;
    }
    for (AlertNotice n : waiting) {
      record(n, DeliveryStatus.DROPPED, 0, "shutdown", null);
    }
    counters.dropped.addAndGet(pending);
    waiting.clear();
    counters.queued.set(0);
    if (pending > 0) {
      LOG.warn("webhook {}: {} message(s) not sent at shutdown", target.name(), pending);
    }
  }

  /**
   * Stops sending what it holds without recording anything: the outbox still has those notices
   * pending, for whichever instance runs the duties now. On the context.
   */
  void forget() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    current = null;
    waiting.clear();
    counters.queued.set(0);
  }

  JsonObject stats() {
    return counters.toJson(target);
  }

  private void record(
      AlertNotice n, DeliveryStatus status, int attempts, String error, Instant firstTryAt) {
    if (log == null) {
      return;
    }
    try {
      log.record(
          new DeliveryRecord(
              n.alertId(),
              target.name(),
              n.event(),
              status,
              attempts,
              error,
              firstTryAt,
              Instant.now(),
              n.deliveryId()));
    } catch (RuntimeException e) {
      LOG.warn("webhook {}: delivery log refused a record: {}", target.name(), e.toString());
    }
  }

  private void later(long delayMs, Runnable r) {
    if (delayMs < 1) {
      context.runOnContext(v -> r.run());
    } else {
      timerId = vertx.setTimer(delayMs, id -> onContext(r));
    }
  }

  private void onContext(Runnable r) {
    if (Vertx.currentContext() == context) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  /** Keeps robot keys, tokens and the signing secret out of logs and the delivery log. */
  private String scrub(String error) {
    String out = error;
    String query = target.url().getRawQuery();
    if (query != null && !query.isEmpty()) {
      out = out.replace(query, "…");
    }
    String path = target.url().getRawPath();
    if (path != null && path.length() > 1) {
      out = out.replace(path, "/…");
    }
    if (target.secret() != null) {
      out = out.replace(target.secret(), "***");
    }
    return out;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
