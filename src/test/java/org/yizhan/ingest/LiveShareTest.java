package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.Reading;

/** The announcement format between instances: exact round trip, size limit, own messages. */
class LiveShareTest {

  private static List<Reading> readings(int n, long seed) {
    Random r = new Random(seed);
    List<Reading> out = new ArrayList<>();
    Instant t = Instant.parse("2026-07-01T04:05:06.123456789Z");
    for (int i = 0; i < n; i++) {
      out.add(
          new Reading(
              "st-" + r.nextInt(50_000),
              "dev-" + Long.toString(r.nextLong() & 0xffffffffL, 36),
              r.nextInt(1_000_000),
              t.plusNanos(r.nextInt(1_000_000_000)).plusSeconds(i),
              r.nextBoolean() ? r.nextInt(40) : null,
              null,
              null,
              r.nextBoolean() ? -40 + 125 * r.nextDouble() : null,
              r.nextBoolean() ? 100 * r.nextDouble() : null,
              r.nextBoolean() ? r.nextInt(101) : null,
              r.nextBoolean() ? -r.nextInt(120) : null,
              null,
              t.plusSeconds(i)));
    }
    return out;
  }

  @Test
  void readingsSurviveTheTripExactlyAndEveryPayloadFitsPostgresLimit() {
    List<Reading> sent = readings(2_000, 1);
    List<String> payloads = LiveShare.encode("sender-1", sent);
    assertThat(payloads.size()).isGreaterThan(1);
    List<Reading> received = new ArrayList<>();
    for (String p : payloads) {
      assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000);
      received.addAll(LiveShare.decode("receiver-2", p));
    }
    assertThat(received).isEqualTo(sent);
  }

  @Test
  void anInstanceIgnoresItsOwnAnnouncements() {
    List<String> payloads = LiveShare.encode("me", readings(10, 2));
    assertThat(payloads).hasSize(1);
    assertThat(LiveShare.decode("me", payloads.get(0))).isEmpty();
    assertThat(LiveShare.decode("other", payloads.get(0))).hasSize(10);
  }

  @Test
  void nothingToAnnounceGivesNoPayloadAndGarbageDecodesToNothing() {
    assertThat(LiveShare.encode("me", List.of())).isEmpty();
    assertThat(LiveShare.decode("me", "")).isEmpty();
    assertThat(LiveShare.decode("me", "v9\tx\nst\tdev\n")).isEmpty();
  }
}
