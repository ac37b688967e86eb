package org.yizhan.tools.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.yizhan.tools.sim.SimReading.Pending;

/**
 * Payloads from buffered readings: batches of the oldest readings first, within the contract's
 * limits of 200 readings and 16384 bytes per message, and single-reading payloads (garbled on
 * request, for faulty devices).
 */
final class Backfill {

  /** Most readings in one batch ({@code maxItems} in telemetry.schema.json). */
  static final int MAX_READINGS = 200;

  /** Largest payload of any message, bytes. */
  static final int MAX_BYTES = 16_384;

  private static final String OPEN = "{\"readings\":[";
  private static final String CLOSE = "]}";

  /** One batch message and the readings in it, oldest first. */
  record Batch(List<Pending> readings, String payload) {}

  private Backfill() {}

  /**
   * Removes the oldest readings from {@code buffer} (oldest first) into one batch, or returns
   * {@code null} when the buffer is empty. A batch always holds at least one reading.
   */
  static Batch take(ArrayDeque<Pending> buffer, int maxReadings, int maxBytes) {
    if (buffer.isEmpty()) {
      return null;
    }
    List<Pending> taken = new ArrayList<>(Math.min(maxReadings, buffer.size()));
    StringBuilder sb = new StringBuilder(Math.min(maxBytes, 256 * buffer.size()));
    sb.append(OPEN);
    while (!buffer.isEmpty() && taken.size() < maxReadings) {
      Pending next = buffer.peekFirst();
      // The JSON is ASCII, so chars are bytes.
      int size = sb.length() + (taken.isEmpty() ? 0 : 1) + next.json().length() + CLOSE.length();
      if (!taken.isEmpty() && size > maxBytes) {
        break;
      }
      if (!taken.isEmpty()) {
        sb.append(',');
      }
      sb.append(next.json());
      taken.add(buffer.pollFirst());
    }
    return new Batch(taken, sb.append(CLOSE).toString());
  }

  /** A batch within the contract's limits. */
  static Batch take(ArrayDeque<Pending> buffer) {
    return take(buffer, MAX_READINGS, MAX_BYTES);
  }

  /** Puts readings back into the buffer, keeping it ordered oldest first (by {@code seq}). */
  static void requeue(ArrayDeque<Pending> buffer, Collection<Pending> back) {
    if (back.isEmpty()) {
      return;
    }
    List<Pending> all = new ArrayList<>(buffer.size() + back.size());
    all.addAll(buffer);
    all.addAll(back);
    all.sort(Comparator.comparingLong(Pending::seq));
    buffer.clear();
    buffer.addAll(all);
  }

  /** The payload of a reading sent on its own: its JSON, or garbled JSON if it is corrupt. */
  static String single(Pending p, SplittableRandom rnd) {
    if (!p.corrupt()) {
      return p.json();
    }
    String json = p.json();
    return switch (rnd.nextInt(3)) {
      case 0 -> json.substring(0, json.length() - 1 - rnd.nextInt(Math.min(20, json.length() - 1)));
      case 1 -> json + "}";
      default -> "{\"seq\":" + p.seq() + "," + json.substring(1); // duplicate key
    };
  }
}
