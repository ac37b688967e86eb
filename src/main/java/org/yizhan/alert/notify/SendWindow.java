package org.yizhan.alert.notify;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A rolling-window pace for one target. WeCom and DingTalk group robots each accept about 20
 * messages a minute and answer the 21st with an error (WeCom 45009, DingTalk 130101); waiting our
 * turn is cheaper than being refused and backing off. Confined to the notifier's context.
 */
final class SendWindow {

  static final int ROBOT_LIMIT = 20;
  static final Duration ROBOT_WINDOW = Duration.ofMinutes(1);

  private final int limit;
  private final long windowNanos;
  private final ArrayDeque<Long> sentAt = new ArrayDeque<>();

  /** At most {@code limit} sends in any {@code window}; a limit of 0 means no limit. */
  SendWindow(int limit, Duration window) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  static SendWindow forFormat(WebhookFormat format) {
    return format == WebhookFormat.GENERIC
        ? new SendWindow(0, Duration.ZERO)
        : new SendWindow(ROBOT_LIMIT, ROBOT_WINDOW);
  }

  /** How long to wait at {@code nowNanos} before a send is allowed; 0 if now. */
  long waitNanos(long nowNanos) {
    if (limit == 0) {
      return 0;
    }
    while (!sentAt.isEmpty() && nowNanos - sentAt.peekFirst() >= windowNanos) {
      sentAt.pollFirst();
    }
    return sentAt.size() < limit ? 0 : sentAt.peekFirst() + windowNanos - nowNanos;
  }

  /** Counts a send at {@code nowNanos}. */
  void sent(long nowNanos) {
    if (limit > 0) {
      sentAt.addLast(nowNanos);
    }
  }
}
