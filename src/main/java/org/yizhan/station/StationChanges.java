package org.yizhan.station;

import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.yizhan.db.PgListener;
import org.yizhan.station.internal.StationRepository;

/**
 * Station changes across server instances (broker mode). Each instance holds the stations in
 * memory, so a station created, edited, closed or imported through instance A would be missing or
 * stale on B, and B would still take the readings of a closed station's devices. Every station
 * write announces the ids it changed with PostgreSQL's {@code NOTIFY} in the statement or
 * transaction that makes it ({@link StationRepository#CHANNEL}); every instance {@code LISTEN}s and
 * reads those stations again, which tells its device registry as a write through it would.
 *
 * <p>After losing the listening connection an instance reconnects and reads every station again, so
 * announcements missed meanwhile are made up for.
 */
public final class StationChanges implements AutoCloseable {

  private final DataSource ds;
  private final StationRegistry registry;
  private final String self;
  private PgListener listener;

  /**
   * @param self this instance's name in announcements ({@link StationRepository#instance()}): its
   *     own changes are already in its registry
   */
  StationChanges(DataSource ds, StationRegistry registry, String self) {
    this.ds = ds;
    this.registry = registry;
    this.self = self;
  }

  /** Starts listening for the other instances' station changes. */
  void start() {
    listener =
        new PgListener(
            ds,
            StationRepository.CHANNEL,
            "station changes",
            payload -> {
              List<String> ids = idsOf(self, payload);
              if (ids == null) {
                return;
              }
              if (ids.equals(List.of(StationRepository.ALL))) {
                registry.reloadAll();
              } else {
                registry.reload(ids);
              }
            },
            registry::reloadAll);
    listener.start();
  }

  /**
   * The station ids an announcement names ({@link StationRepository#ALL} alone for every station),
   * or null if it is this instance's own or malformed.
   */
  static List<String> idsOf(String self, String payload) {
    String[] f = payload.split("\t", -1);
    if (f.length != 3 || !f[0].equals("v1") || f[1].equals(self) || f[2].isEmpty()) {
      return null;
    }
    return Arrays.stream(f[2].split(",")).filter(id -> !id.isEmpty()).toList();
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close();
    }
  }
}
