package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.Reading;

/** The hand-written COPY text reads back to exactly the values of the reading. */
class CopyTextTest {

  /** How PostgreSQL prints/reads timestamptz in COPY text, with up to 9 fraction digits. */
  private static final DateTimeFormatter PG =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .appendPattern("X")
          .toFormatter();

  @Test
  void fieldsReadBackExactly() {
    Random random = new Random(11);
    CopyText text = new CopyText(16); // small: growth is exercised too
    for (int i = 0; i < 20_000; i++) {
      Instant t =
          Instant.ofEpochSecond(
              random.nextInt(2_000_000_000),
              random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
      Reading r =
          new Reading(
              "st-" + i,
              "dev-x" + (i % 7),
              random.nextLong() & Long.MAX_VALUE,
              t,
              random.nextBoolean() ? random.nextInt(31) : null,
              random.nextBoolean() ? random.nextLong() : null,
              random.nextBoolean() ? (long) random.nextInt() : null,
              random.nextBoolean() ? -40 + 125 * random.nextDouble() : null,
              random.nextBoolean() ? 100.0 : null,
              random.nextBoolean() ? random.nextInt(101) : null,
              random.nextBoolean() ? -random.nextInt(130) : null,
              null,
              t.plusMillis(random.nextInt(5000)),
              false,
              random.nextBoolean() ? 0 : 1 + random.nextInt(63));
      text.clear();
      String line = text.append(r).toString();
      assertThat(line).endsWith("\n");
      String[] f = line.substring(0, line.length() - 1).split("\t", -1);
      assertThat(f).hasSize(13);
      assertThat(OffsetDateTime.parse(f[0], PG).toInstant()).isEqualTo(r.time());
      assertThat(f[1]).isEqualTo(r.stationId());
      assertThat(f[2]).isEqualTo(r.deviceId());
      assertThat(Long.parseLong(f[3])).isEqualTo(r.seq());
      assertThat(f[4]).isEqualTo(r.occupancy() == null ? "\\N" : r.occupancy().toString());
      assertThat(f[5]).isEqualTo(r.entries() == null ? "\\N" : r.entries().toString());
      assertThat(f[6]).isEqualTo(r.exits() == null ? "\\N" : r.exits().toString());
      assertThat(f[7])
          .isEqualTo(r.temperatureC() == null ? "\\N" : Double.toString(r.temperatureC()));
      assertThat(f[8]).isEqualTo(r.humidityPct() == null ? "\\N" : "100.0");
      assertThat(f[9]).isEqualTo(r.batteryPct() == null ? "\\N" : r.batteryPct().toString());
      assertThat(f[10]).isEqualTo(r.rssiDbm() == null ? "\\N" : r.rssiDbm().toString());
      assertThat(OffsetDateTime.parse(f[11], PG).toInstant()).isEqualTo(r.receivedAt());
      assertThat(f[12]).isEqualTo(r.flags() == 0 ? "\\N" : Integer.toString(r.flags()));
    }
  }
}
