package org.yizhan.alert.notify;

/**
 * Where delivery outcomes are kept for admins. Called on the notifier's event loop, so an
 * implementation must only hand the record off (to a queue, a writer thread) and return; it must
 * not throw.
 */
@FunctionalInterface
public interface DeliveryLog {

  void record(DeliveryRecord r);
}
