package org.yizhan.ingest.internal;

import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * MQTT requires a server to send PUBACKs in the order the PUBLISHes arrived. Readings commit in
 * batches and rejections answer at once, so completions arrive out of order; this holds them back
 * until everything received earlier is done. Not thread-safe: use it on the connection's context.
 */
final class AckSequencer {

  private static final class Slot {
    final int messageId;
    Runnable send;

    Slot(int messageId) {
      this.messageId = messageId;
    }
  }

  private final ArrayDeque<Slot> slots = new ArrayDeque<>();

  /** Reserves the next place in line for a QoS 1 message. */
  Object reserve(int messageId) {
    Slot s = new Slot(messageId);
    slots.addLast(s);
    return s;
  }

  /** Marks a reserved message answered by {@code send}; sends every answer now at the head. */
  void complete(Object slot, Runnable send) {
    ((Slot) slot).send = send;
    while (!slots.isEmpty() && slots.peekFirst().send != null) {
      slots.pollFirst().send.run();
    }
  }

  int messageId(Object slot) {
    return ((Slot) slot).messageId;
  }

  /** The number of messages still waiting for their answer. */
  int pending() {
    return slots.size();
  }

  /** Convenience for a plain PUBACK. */
  void completeWithAck(Object slot, IntConsumer ack) {
    Slot s = (Slot) slot;
    complete(slot, () -> ack.accept(s.messageId));
  }
}
