package org.yizhan.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.station.hours.OpeningHours;

class OccupancyProfileTest {

  // A Friday.
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

  private static Instant at(LocalDate date, int hour) {
    return date.atTime(hour, 0).atZone(OpeningHours.ZONE).toInstant();
  }

  @Test
  void typicalIsTheMeanOfThePreviousSameWeekdaysAndTodayIsKeptApart() {
    List<OccupancyProfile.HourMean> b = new ArrayList<>();
    // Noon on the previous four Fridays: 4, 6, 8, 10 people; the Thursday before is ignored.
    for (int w = 1; w <= 4; w++) {
      b.add(new OccupancyProfile.HourMean(at(TODAY.minusWeeks(w), 12), 2.0 + 2 * w));
    }
    b.add(new OccupancyProfile.HourMean(at(TODAY.minusDays(1), 12), 99.0));
    // Five weeks ago is outside the window.
    b.add(new OccupancyProfile.HourMean(at(TODAY.minusWeeks(5), 12), 99.0));
    b.add(new OccupancyProfile.HourMean(at(TODAY, 12), 3.0));
    b.add(new OccupancyProfile.HourMean(at(TODAY, 13), null));
    JsonObject p = OccupancyProfile.of("s-1", 12, TODAY, b);
    JsonObject noon = p.getJsonArray("hours").getJsonObject(12);
    assertThat(noon.getDouble("typical")).isEqualTo(7.0);
    assertThat(noon.getInteger("typical_days")).isEqualTo(4);
    assertThat(noon.getDouble("today")).isEqualTo(3.0);
    JsonObject one = p.getJsonArray("hours").getJsonObject(13);
    assertThat(one.getValue("today")).as("no trusted reading is unknown, not zero").isNull();
    assertThat(one.getValue("typical")).isNull();
    assertThat(p.getString("date")).isEqualTo("2026-12-04");
    assertThat(p.getInteger("capacity")).isEqualTo(12);
    assertThat(p.getJsonArray("hours")).hasSize(24);
  }

  @Test
  void hoursAreChinaLocalSoMidnightUtcIsEightInTheMorning() {
    Instant midnightUtc = Instant.parse("2026-12-04T00:00:00Z");
    JsonObject p =
        OccupancyProfile.of(
            "s-1", 10, TODAY, List.of(new OccupancyProfile.HourMean(midnightUtc, 5.0)));
    assertThat(p.getJsonArray("hours").getJsonObject(8).getDouble("today")).isEqualTo(5.0);
    assertThat(OccupancyProfile.since(TODAY)).isEqualTo(Instant.parse("2026-11-05T16:00:00Z"));
  }
}
