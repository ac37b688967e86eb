package org.yizhan.station;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.yizhan.station.internal.StationRepository;

/**
 * The station feature as the server starts it: the registry, loaded from the database, which every
 * other feature reads its stations from. It holds no thread or connection, so there is nothing to
 * close; in broker mode {@link #shareChanges} starts a listener, which is closed on its own.
 *
 * @param registry the stations, in memory, with their changes written through to the database
 */
public record StationModule(StationRegistry registry, DataSource ds, String instance) {

  /** Loads the registry from the database. */
  public static StationModule open(DataSource ds) throws SQLException {
    StationRepository repository = new StationRepository(ds);
    return new StationModule(StationRegistry.load(repository), ds, repository.instance());
  }

  /**
   * Broker mode: hears the station changes made through other instances (created, edited, closed,
   * imported) and reads those stations again. Close it to stop listening.
   */
  public StationChanges shareChanges() {
    StationChanges changes = new StationChanges(ds, registry, instance);
    changes.start();
    return changes;
  }
}
