package org.yizhan.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yizhan.error.Violation;

/** Verifies that the CSV file and the input checks follow the one column declaration. */
class StationColumnTest {

  @Test
  void csvHeaderIsEveryColumnAndInputAcceptsEachOfThem() {
    assertThat(StationCsv.COLUMNS)
        .containsExactlyElementsOf(StationColumn.all().stream().map(StationColumn::label).toList());
    for (StationColumn c : StationColumn.all()) {
      assertThat(c.readOnly() ? StationInput.READ_ONLY : StationInput.WRITABLE)
          .as(c.label())
          .contains(c.label());
    }
    assertThat(StationInput.WRITABLE)
        .containsExactlyInAnyOrderElementsOf(
            StationColumn.all().stream()
                .filter(c -> !c.readOnly())
                .map(StationColumn::label)
                .collect(Collectors.toSet()));
  }

  @Test
  void eachRequiredColumnIsReportedMissingAndNoOptionalOneIs() {
    StationInput.Result r = StationInput.read(Map.of(), false, null);
    assertThat(r.violations())
        .extracting(Violation::field)
        .containsExactlyInAnyOrderElementsOf(
            StationColumn.all().stream()
                .filter(StationColumn::required)
                .map(StationColumn::label)
                .toList());
  }

  @Test
  void textColumnsTakeTheirDeclaredLengthAndNoMore() {
    for (StationColumn c : StationColumn.all()) {
      if (c.type() != StationColumn.Type.TEXT || c == StationColumn.ID) {
        continue;
      }
      int max = (int) c.max();
      assertThat(violationsWith(c, "x".repeat(max))).as(c.label()).isEmpty();
      assertThat(violationsWith(c, "x".repeat(max + 1)))
          .as(c.label())
          .extracting(Violation::field)
          .containsExactly(c.label());
    }
  }

  private static java.util.List<Violation> violationsWith(StationColumn c, String value) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("name_zh", "驿站");
    fields.put("kind", "urban_rest_station");
    fields.put("lat", 37.0);
    fields.put("lon", 112.0);
    fields.put("capacity", 5);
    fields.put("opening_hours", "24/7");
    fields.put(c.label(), value);
    return StationInput.read(fields, false, null).violations();
  }
}
