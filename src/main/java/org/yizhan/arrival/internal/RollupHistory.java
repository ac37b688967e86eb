package org.yizhan.arrival.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.yizhan.arrival.ArrivalModel;
import org.yizhan.arrival.Forecast;
import org.yizhan.arrival.ProfileBuilder;
import org.yizhan.storage.HourlyStream;
import org.yizhan.storage.RollupSql;
import org.yizhan.storage.Store;

/**
 * Reads the last {@link Forecast#WINDOW_WEEKS} whole weeks of hourly means (the hours before the
 * current one) out of the hourly rollup, as the planner's use report does ({@link HourlyStream}:
 * {@code rollup_1h} on plain PostgreSQL, {@code reading_1h} on TimescaleDB). Blocking: call it on a
 * worker thread.
 */
public final class RollupHistory {

  private final DataSource ds;
  private final Store store;

  public RollupHistory(DataSource ds, Store store) {
    this.ds = ds;
    this.store = store;
  }

  /** Every station's typical week as of {@code now}. */
  public ArrivalModel load(Instant now) throws SQLException {
    Instant to = now.truncatedTo(ChronoUnit.HOURS);
    Instant from = to.minus(Duration.ofDays(7L * Forecast.WINDOW_WEEKS));
    if (store == Store.PLAIN) {
      RollupSql.foldNow(ds); // the last minutes' sums, so the last full hour is whole
    }
    ProfileBuilder b = new ProfileBuilder();
    try (Connection c = ds.getConnection()) {
      HourlyStream.forEach(
          c, store, from, to, (station, id, hour, occ, temp) -> b.hour(station, id, hour, occ));
    }
    return b.build(now);
  }
}
