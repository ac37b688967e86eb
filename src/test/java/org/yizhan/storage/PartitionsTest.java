package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PartitionsTest {

  @Test
  void boundsAreReadInWhateverZoneTheSessionPrintsThem() {
    Instant day = Instant.parse("2026-12-04T16:00:00Z");
    assertThat(Partitions.parse("2026-12-04 16:00:00+00")).isEqualTo(day);
    assertThat(Partitions.parse("2026-12-05 00:00:00+08")).isEqualTo(day);
    assertThat(Partitions.parse("2026-12-04 21:30:00+05:30")).isEqualTo(day);
    assertThat(Partitions.parse("2026-12-04 16:00:00.5+00")).isEqualTo(day.plusMillis(500));
    assertThat(Partitions.parse(null)).isNull();
  }

  @Test
  void daysAreChinaDays() {
    assertThat(Partitions.dayOf(Instant.parse("2026-12-04T15:59:59Z")))
        .isEqualTo(LocalDate.of(2026, 12, 4));
    assertThat(Partitions.dayOf(Instant.parse("2026-12-04T16:00:00Z")))
        .isEqualTo(LocalDate.of(2026, 12, 5));
    assertThat(Partitions.startOf(LocalDate.of(2026, 12, 5)))
        .isEqualTo(Instant.parse("2026-12-04T16:00:00Z"));
  }

  @Test
  void aMissingPartitionIsToldFromOtherCheckViolations() {
    assertThat(
            Partitions.missing(
                new java.sql.SQLException(
                    "ERROR: no partition of relation \"reading\" found for row", "23514")))
        .isTrue();
    assertThat(
            Partitions.missing(
                new java.sql.SQLException("new row violates check constraint", "23514")))
        .isFalse();
    assertThat(
            Partitions.missing(
                new java.sql.SQLException("no partition of relation \"reading\"", "22000")))
        .isFalse();
  }
}
