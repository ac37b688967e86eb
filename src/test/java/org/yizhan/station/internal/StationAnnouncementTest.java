package org.yizhan.station.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Verifies that an import is one announcement: its ids while they fit, else "all". */
class StationAnnouncementTest {

  @Test
  void aSmallImportNamesItsIdsAndALargeOneSaysAll() {
    assertThat(StationRepository.importPayload("i", List.of("a", "b"))).isEqualTo("v1\ti\ta,b");
    List<String> many = IntStream.range(0, 5_000).mapToObj(n -> "st-" + n).toList();
    String payload = StationRepository.importPayload("i", many);
    assertThat(payload).isEqualTo("v1\ti\t*");
    List<String> justFits =
        IntStream.range(0, 700).mapToObj(n -> String.format("st-%07d", n)).toList();
    assertThat(StationRepository.importPayload("i", justFits).length())
        .isLessThanOrEqualTo(StationRepository.MAX_PAYLOAD)
        .isGreaterThan(7_000);
  }
}
