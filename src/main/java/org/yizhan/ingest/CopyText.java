package org.yizhan.ingest;

import java.time.LocalDate;
import java.util.Arrays;
import org.yizhan.telemetry.Reading;

/**
 * Readings as PostgreSQL COPY text: tab-separated, {@code \N} for null, written straight into a
 * growing byte array (all of it is ASCII). Ids are restricted to {@code [a-z0-9-]} by the topic
 * parser, so nothing needs escaping. Instants are written as {@code 2026-07-01 04:05:06.123+00} by
 * hand: {@code Instant.toString} runs a formatter and was most of the writer thread's time.
 */
final class CopyText {

  private byte[] buf;
  private int len;

  CopyText(int capacity) {
    buf = new byte[Math.max(64, capacity)];
  }

  byte[] bytes() {
    return buf;
  }

  int length() {
    return len;
  }

  void clear() {
    len = 0;
  }

  CopyText append(Reading r) {
    instant(r.time()).tab();
    ascii(r.stationId()).tab();
    ascii(r.deviceId()).tab();
    number(r.seq()).tab();
    value(r.occupancy()).tab();
    value(r.entries()).tab();
    value(r.exits()).tab();
    value(r.temperatureC()).tab();
    value(r.humidityPct()).tab();
    value(r.batteryPct()).tab();
    value(r.rssiDbm()).tab();
    instant(r.receivedAt()).tab();
    if (r.flags() == 0) {
      put((byte) '\\').put((byte) 'N');
    } else {
      number(r.flags());
    }
    return put((byte) '\n');
  }

  @Override
  public String toString() {
    return new String(buf, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
  }

  private CopyText tab() {
    return put((byte) '\t');
  }

  private CopyText value(Object v) {
    if (v == null) {
      return put((byte) '\\').put((byte) 'N');
    }
    if (v instanceof Integer i) {
      return number(i);
    }
    if (v instanceof Long l) {
      return number(l);
    }
    return ascii(v.toString()); // Double.toString: what COPY reads back to the same float
  }

  private CopyText instant(java.time.Instant t) {
    long sec = t.getEpochSecond();
    long day = Math.floorDiv(sec, 86_400);
    int sod = (int) Math.floorMod(sec, 86_400);
    LocalDate d = LocalDate.ofEpochDay(day);
    digits(d.getYear(), 4).put((byte) '-');
    digits(d.getMonthValue(), 2).put((byte) '-');
    digits(d.getDayOfMonth(), 2).put((byte) ' ');
    digits(sod / 3600, 2).put((byte) ':');
    digits(sod / 60 % 60, 2).put((byte) ':');
    digits(sod % 60, 2);
    int nanos = t.getNano();
    if (nanos != 0) {
      put((byte) '.').digits(nanos, 9);
    }
    return put((byte) '+').put((byte) '0').put((byte) '0');
  }

  private CopyText digits(int v, int width) {
    ensure(width);
    for (int i = width - 1; i >= 0; i--) {
      buf[len + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += width;
    return this;
  }

  private CopyText number(long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        return ascii(Long.toString(v));
      }
      put((byte) '-');
      v = -v;
    }
    ensure(20);
    int start = len;
    do {
      buf[len++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    for (int i = start, j = len - 1; i < j; i++, j--) {
      byte tmp = buf[i];
      buf[i] = buf[j];
      buf[j] = tmp;
    }
    return this;
  }

  private CopyText ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i);
    }
    return this;
  }

  private CopyText put(byte b) {
    ensure(1);
    buf[len++] = b;
    return this;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
