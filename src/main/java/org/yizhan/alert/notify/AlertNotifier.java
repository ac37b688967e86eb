package org.yizhan.alert.notify;

/**
 * Where alert events go to reach people. The alert code calls it from its own thread at the moment
 * of change, so an implementation must hand the work off: it never blocks and never throws, and a
 * notification that cannot be sent must not hold up, or roll back, the alert itself.
 */
@FunctionalInterface
public interface AlertNotifier {

  /** Tells nobody: for when no webhook is configured. */
  AlertNotifier NONE = n -> {};

  /** Queues {@code n} for delivery and returns at once. */
  void notify(AlertNotice n);
}
