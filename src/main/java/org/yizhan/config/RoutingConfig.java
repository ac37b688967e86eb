package org.yizhan.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The walking network's settings.
 *
 * @param osmFile an OSM extract (.osm.pbf or .osm XML) to route on; empty for no walking network
 *     (nearby answers then carry the straight-line estimate)
 * @param graphDir where the imported graph is kept between starts; empty means {@code
 *     data.dir/walking-graph}
 */
public record RoutingConfig(Optional<Path> osmFile, Optional<Path> graphDir) {

  public static final RoutingConfig NONE = new RoutingConfig(Optional.empty(), Optional.empty());

  public RoutingConfig {
    java.util.Objects.requireNonNull(osmFile, "osmFile");
    java.util.Objects.requireNonNull(graphDir, "graphDir");
  }

  /** The graph folder: the configured one, or {@code walking-graph} in the data folder. */
  public Path graphDirIn(Path dataDir) {
    return graphDir.orElse(dataDir.resolve("walking-graph"));
  }
}
