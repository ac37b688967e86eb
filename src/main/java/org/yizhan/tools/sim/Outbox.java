package org.yizhan.tools.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.yizhan.tools.sim.SimReading.Pending;

/**
 * A device's readings between measuring and PUBACK: live readings waiting to go out on their own,
 * the buffer of readings taken while offline (sent as batches, oldest first, one batch at a time)
 * and the messages awaiting their PUBACK (at most {@code window}). Single-threaded.
 */
final class Outbox {

  /** Hands a message to the connection. */
  interface Sender {
    void send(Msg m, String payload);
  }

  /** A telemetry message awaiting its PUBACK. */
  static final class Msg {
    final List<Pending> readings;
    final boolean batch;
    final long sentNanos = System.nanoTime();
    int packetId = -1;

    Msg(List<Pending> readings, boolean batch) {
      this.readings = readings;
      this.batch = batch;
    }
  }

  private final ArrayDeque<Pending> live = new ArrayDeque<>(4);
  private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
  private final ArrayList<Msg> outstanding = new ArrayList<>(4);
  private final ArrayList<Integer> earlyAcks = new ArrayList<>(2);
  private final ArrayList<Integer> statusIds = new ArrayList<>(2);
  private final Stats stats;
  private final int window;
  private final int bufferMax;
  private boolean batchOut;

  Outbox(Stats stats, int window, int bufferMax) {
    this.stats = stats;
    this.window = window;
    this.bufferMax = bufferMax;
  }

  /** A new reading: sent live when connected, else buffered for backfill. */
  void add(Pending p, boolean online) {
    stats.buffered.increment();
    if (online) {
      live.addLast(p);
    } else {
      buffer.addLast(p);
      trim();
    }
  }

  /** Sends what the window allows: live readings first, then the next backfill batch. */
  void pump(Sender sender, SplittableRandom rnd) {
    while (outstanding.size() < window && !live.isEmpty()) {
      Pending p = live.pollFirst();
      if (p.invalid() || p.corrupt()) {
        stats.expectedRejections.increment();
      }
      send(sender, new Msg(List.of(p), false), Backfill.single(p, rnd));
    }
    if (!batchOut && outstanding.size() < window && !buffer.isEmpty()) {
      Backfill.Batch b = Backfill.take(buffer);
      if (b.readings().stream().anyMatch(Pending::invalid)) {
        stats.expectedRejections.increment();
      }
      batchOut = true;
      stats.backfillBatches.increment();
      send(sender, new Msg(b.readings(), true), b.payload());
    }
  }

  private void send(Sender sender, Msg m, String payload) {
    int n = m.readings.size();
    stats.buffered.add(-n);
    stats.inFlight.add(n);
    stats.publishedReadings.add(n);
    stats.publishedMessages.increment();
    outstanding.add(m);
    sender.send(m, payload);
  }

  /** The PUBLISH of {@code m} was written with this packet id, or failed ({@code null}). */
  void written(Msg m, Integer packetId) {
    if (!outstanding.contains(m)) {
      return; // already requeued
    }
    if (packetId == null) {
      outstanding.remove(m);
      requeue(List.of(m));
    } else if (earlyAcks.remove(packetId)) {
      outstanding.remove(m);
      acknowledged(m);
    } else {
      m.packetId = packetId;
    }
  }

  /** A status message was written with this packet id. */
  void statusWritten(int packetId) {
    if (!earlyAcks.remove((Integer) packetId)) {
      statusIds.add(packetId);
    }
  }

  /** A PUBACK arrived. */
  void acked(int packetId) {
    for (int i = 0; i < outstanding.size(); i++) {
      Msg m = outstanding.get(i);
      if (m.packetId == packetId) {
        outstanding.remove(i);
        acknowledged(m);
        return;
      }
    }
    if (!statusIds.remove((Integer) packetId)) {
      earlyAcks.add(packetId); // the PUBACK beat the write completion
    }
  }

  private void acknowledged(Msg m) {
    stats.acknowledged(m.readings.size(), System.nanoTime() - m.sentNanos);
    if (m.batch) {
      batchOut = false;
      stats.backfillReadings.add(m.readings.size());
    }
  }

  /** The connection is gone: everything unacknowledged or unsent goes back to the buffer. */
  void connectionLost() {
    requeue(new ArrayList<>(outstanding));
    outstanding.clear();
    earlyAcks.clear();
    statusIds.clear();
    batchOut = false;
  }

  private void requeue(List<Msg> msgs) {
    List<Pending> back = new ArrayList<>(live);
    int unacked = 0;
    for (Msg m : msgs) {
      back.addAll(m.readings);
      unacked += m.readings.size();
      if (m.batch) {
        batchOut = false;
      }
    }
    stats.inFlight.add(-unacked);
    stats.buffered.add(unacked);
    live.clear();
    Backfill.requeue(buffer, back);
    trim();
  }

  private void trim() {
    while (buffer.size() > bufferMax) {
      buffer.pollFirst();
      stats.buffered.decrement();
      stats.droppedReadings.increment();
    }
  }

  /** Every reading taken was acknowledged. */
  boolean drained() {
    return outstanding.isEmpty() && live.isEmpty() && buffer.isEmpty();
  }

  int buffered() {
    return buffer.size() + live.size();
  }
}
