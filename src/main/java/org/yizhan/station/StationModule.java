package org.yizhan.station;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.yizhan.station.internal.StationRepository;

/**
 * The station feature as the server starts it: the registry, loaded from the database, which every
 * other feature reads its stations from. It holds no thread or connection, so there is nothing to
 * close.
 *
 * @param registry the stations, in memory, with their changes written through to the database
 */
public record StationModule(StationRegistry registry) {

  /** Loads the registry from the database. */
  public static StationModule open(DataSource ds) throws SQLException {
    return new StationModule(StationRegistry.load(new StationRepository(ds)));
  }
}
