package org.yizhan.alert.notify;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One target's counters: written on the notifier's context, read by the admin endpoint from any
 * thread, hence atomics rather than the lane's confined fields.
 */
final class LaneCounters {

  final AtomicLong delivered = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicInteger queued = new AtomicInteger();
  volatile String lastError;

  JsonObject toJson(WebhookTarget target) {
    return new JsonObject()
        .put("format", target.format().code())
        .put("url", target.safeUrl())
        .put("queued", queued.get())
        .put("delivered", delivered.get())
        .put("failed", failed.get())
        .put("retried", retried.get())
        .put("dropped", dropped.get())
        .put("last_error", lastError);
  }
}
