package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollupDeltaTest {

  @Test
  void timesAreBucketedAsPostgresqlStoresThem() {
    Instant midnight = Instant.parse("2026-12-04T16:00:00Z");
    // PostgreSQL keeps microseconds, rounding: 0.9999996 s before midnight is stored as midnight.
    assertThat(RollupDelta.storedSecond(midnight.minusNanos(400)))
        .isEqualTo(midnight.getEpochSecond());
    assertThat(RollupDelta.storedSecond(midnight.minusNanos(600)))
        .isEqualTo(midnight.getEpochSecond() - 1);
    assertThat(RollupDelta.storedSecond(midnight.plusMillis(999)))
        .isEqualTo(midnight.getEpochSecond());
  }

  @Test
  void flaggedReadingsAreLeftOut() {
    RollupDelta d = new RollupDelta();
    d.add("st", Instant.now(), 3, 20.0, 50.0, 1);
    assertThat(d.isEmpty()).isTrue();
    d.add("st", Instant.now(), 3, 20.0, 50.0, 0);
    assertThat(d.isEmpty()).isFalse();
    d.clear();
    assertThat(d.isEmpty()).isTrue();
  }
}
