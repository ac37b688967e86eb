package org.yizhan.arrival;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.yizhan.station.hours.OpeningHours;

/**
 * Builds {@link WeekProfile}s from hourly means fed one at a time in any order, as the hourly
 * rollup streams them: per station and hour of the week a running sum, sum of squares and count, in
 * arrays indexed by the stream's dense station number. The window must be whole weeks, so that each
 * hour of the week comes at most once per week.
 */
public final class ProfileBuilder {

  private static final int H = WeekProfile.HOURS;

  private String[] ids = new String[0];
  private float[] sum = new float[0];
  private float[] sumSq = new float[0];
  private byte[] count = new byte[0];

  /**
   * One station-hour.
   *
   * @param station a dense number for the station (from 0), the same for the same id
   * @param epochHour the hour's start in hours since 1970-01-01T00:00Z
   * @param occupancy the hour's mean occupancy
   */
  public void hour(int station, String stationId, long epochHour, double occupancy) {
    if (Double.isNaN(occupancy)) {
      return;
    }
    if (station >= ids.length) {
      grow(station + 1);
    }
    ids[station] = stationId;
    int at = station * H + OpeningHours.hourOfWeek(epochHour * 3600);
    sum[at] += (float) occupancy;
    sumSq[at] += (float) (occupancy * occupancy);
    count[at]++;
  }

  /** The profiles of every station fed at least one hour. */
  public ArrivalModel build(Instant builtAt) {
    Map<String, WeekProfile> out = new HashMap<>();
    for (int s = 0; s < ids.length; s++) {
      if (ids[s] == null) {
        continue;
      }
      short[] typical = new short[H];
      byte[] weeks = new byte[H];
      double squares = 0;
      int freedom = 0;
      for (int c = 0; c < H; c++) {
        int at = s * H + c;
        int n = count[at];
        weeks[c] = (byte) n;
        if (n == 0) {
          typical[c] = WeekProfile.none();
          continue;
        }
        double mean = sum[at] / (double) n;
        typical[c] = WeekProfile.tenths(mean);
        squares += Math.max(0, sumSq[at] - n * mean * mean);
        freedom += n - 1;
      }
      float sigma = freedom == 0 ? Float.NaN : (float) Math.sqrt(squares / freedom);
      out.put(ids[s], new WeekProfile(typical, weeks, sigma));
    }
    return new ArrivalModel(builtAt, out);
  }

  private void grow(int stations) {
    int n = Math.max(stations, ids.length * 2);
    ids = Arrays.copyOf(ids, n);
    sum = Arrays.copyOf(sum, n * H);
    sumSq = Arrays.copyOf(sumSq, n * H);
    count = Arrays.copyOf(count, n * H);
  }
}
