package org.yizhan.history;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import org.yizhan.station.hours.OpeningHours;

/**
 * How busy a station is over today, hour by hour in China time, next to how busy it typically is at
 * that hour on the same weekday: the mean of the hourly mean occupancies of the previous few weeks'
 * same weekday. A worker sees whether the lunch hour will be full before walking there.
 *
 * <p>Only trusted readings count (the hourly buckets leave flagged readings out). An hour with no
 * reading is {@code null}, never zero: the page must not show "empty" for "unknown".
 */
public final class OccupancyProfile {

  /** How many previous same weekdays make "typical". */
  public static final int WEEKS = 4;

  /** One hourly bucket: its start and mean occupancy, {@code null} without trusted readings. */
  public record HourMean(Instant start, Double occupancyAvg) {}

  private OccupancyProfile() {}

  /** The first instant the profile needs: midnight China time {@link #WEEKS} weeks before today. */
  public static Instant since(LocalDate today) {
    return today.minusWeeks(WEEKS).atStartOfDay(OpeningHours.ZONE).toInstant();
  }

  /** Today's local date in China. */
  public static LocalDate today(Instant now) {
    return now.atZone(OpeningHours.ZONE).toLocalDate();
  }

  /**
   * The profile as JSON: {@code hours[h]} holds {@code today} (mean occupancy in hour h of today,
   * or null), {@code typical} (mean over the previous same weekdays that have data, or null) and
   * {@code typical_days} (how many such days there were).
   */
  public static JsonObject of(
      String stationId, int capacity, LocalDate today, List<HourMean> buckets) {
    double[] todayAvg = new double[24];
    boolean[] todayKnown = new boolean[24];
    double[] typicalSum = new double[24];
    int[] typicalDays = new int[24];
    DayOfWeek weekday = today.getDayOfWeek();
    LocalDate earliest = today.minusWeeks(WEEKS);
    for (HourMean b : buckets) {
      if (b.occupancyAvg() == null) {
        continue;
      }
      ZonedDateTime local = b.start().atZone(OpeningHours.ZONE);
      LocalDate date = local.toLocalDate();
      int hour = local.getHour();
      if (date.equals(today)) {
        todayAvg[hour] = b.occupancyAvg();
        todayKnown[hour] = true;
      } else if (date.getDayOfWeek() == weekday
          && date.isBefore(today)
          && !date.isBefore(earliest)) {
        typicalSum[hour] += b.occupancyAvg();
        typicalDays[hour]++;
      }
    }
    JsonArray hours = new JsonArray();
    for (int h = 0; h < 24; h++) {
      hours.add(
          new JsonObject()
              .put("hour", h)
              .put("today", todayKnown[h] ? round1(todayAvg[h]) : null)
              .put("typical", typicalDays[h] > 0 ? round1(typicalSum[h] / typicalDays[h]) : null)
              .put("typical_days", typicalDays[h]));
    }
    return new JsonObject()
        .put("station_id", stationId)
        .put("date", today.toString())
        .put("time_zone", OpeningHours.ZONE.getId())
        .put("capacity", capacity)
        .put("weeks", WEEKS)
        .put("hours", hours);
  }

  private static double round1(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
