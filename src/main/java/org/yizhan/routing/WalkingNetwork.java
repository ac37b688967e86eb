package org.yizhan.routing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.config.RoutingConfig;
import org.yizhan.routing.internal.FootGraph;
import org.yizhan.routing.internal.Isochrones;
import org.yizhan.routing.internal.NetworkWalks;
import org.yizhan.station.NearbyQuery;
import org.yizhan.station.NearbyResult;
import org.yizhan.station.NetworkWalk;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;

/**
 * The walking network: with an OSM extract configured, nearby answers are re-ranked by walking time
 * along streets and isochrones can be drawn; without one (or while the extract is still being
 * imported, or if it could not be), nearby answers keep the straight-line estimate.
 *
 * <p>The import runs on its own thread at start; the graph is swapped in once, through a volatile
 * field, and only read afterwards.
 */
public final class WalkingNetwork implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WalkingNetwork.class);

  /** Candidates re-ranked by walking time: at least this many, or three times the limit. */
  public static final int MIN_CANDIDATES = 20;

  /** No walk is searched further than this. */
  public static final double MAX_WALK_MIN = 60;

  /** The shortest search bound, so near candidates still find a street detour. */
  public static final double MIN_WALK_MIN = 10;

  public static final int DEFAULT_ISOCHRONE_MIN = 15;
  public static final int MAX_ISOCHRONE_MIN = 60;

  /** Isochrones kept (per station, minutes and station version). */
  private static final int ISOCHRONES_KEPT = 2048;

  /** Where the network stands. */
  public enum State {
    NOT_CONFIGURED,
    IMPORTING,
    READY,
    FAILED
  }

  private record Ready(FootGraph graph, NetworkWalks walks, Isochrones isochrones) {}

  private record Kept(Station station, String geometry) {}

  private final CountDownLatch settled = new CountDownLatch(1);
  private final IsochroneCache cache = new IsochroneCache(ISOCHRONES_KEPT);
  private volatile State state;
  private volatile Ready ready;
  private volatile String failure;
  private volatile boolean closed;

  private WalkingNetwork(State state) {
    this.state = state;
    if (state != State.IMPORTING) {
      settled.countDown();
    }
  }

  /** No walking network: every walk is the straight-line estimate. */
  public static WalkingNetwork notConfigured() {
    return new WalkingNetwork(State.NOT_CONFIGURED);
  }

  /**
   * Starts importing the configured extract on its own thread and returns at once. A file that is
   * missing or unreadable is refused here (the server does not start); a file that cannot be
   * imported is logged and leaves the estimate in place.
   */
  public static WalkingNetwork start(RoutingConfig config, Path dataDir) {
    if (config.osmFile().isEmpty()) {
      return notConfigured();
    }
    Path osm = config.osmFile().get();
    if (!Files.isRegularFile(osm) || !Files.isReadable(osm)) {
      throw new IllegalArgumentException(
          "routing.osm.file: no readable file at " + osm.toAbsolutePath());
    }
    String name = osm.getFileName().toString();
    if (!name.endsWith(".pbf") && !name.endsWith(".osm") && !name.endsWith(".xml")) {
      throw new IllegalArgumentException(
          "routing.osm.file: expected an OSM extract (.osm.pbf, .osm or .xml), got " + name);
    }
    Path dir = config.graphDirIn(dataDir);
    WalkingNetwork n = new WalkingNetwork(State.IMPORTING);
    Thread t = new Thread(() -> n.load(osm, dir), "walking-network-import");
    t.setDaemon(true);
    t.start();
    return n;
  }

  /** Imports (or loads) an extract before returning: for tools and benchmarks. */
  public static WalkingNetwork open(Path osm, Path graphDir) throws IOException {
    WalkingNetwork n = new WalkingNetwork(State.IMPORTING);
    n.load(osm, graphDir);
    if (n.state != State.READY) {
      throw new IOException("walking network: " + n.failure);
    }
    return n;
  }

  private void load(Path osm, Path dir) {
    long t0 = System.nanoTime();
    try {
      FootGraph g = FootGraph.importOrLoad(osm, dir);
      if (closed) {
        g.close();
        return;
      }
      ready = new Ready(g, new NetworkWalks(g), new Isochrones(g));
      state = State.READY;
      LOG.info(
          "walking network: {} junctions from {} ready in {} ms ({} MB)",
          g.nodes(),
          osm.getFileName(),
          (System.nanoTime() - t0) / 1_000_000,
          g.bytes() >> 20);
    } catch (Exception | LinkageError e) {
      failure = "could not import " + osm.getFileName() + ": " + e.getMessage();
      state = State.FAILED;
      LOG.error("walking network: {}; nearby answers keep the straight-line estimate", failure, e);
    } finally {
      settled.countDown();
    }
  }

  public State state() {
    return state;
  }

  /** Why the network is not ready, in words for an operator or an API client. */
  public String why() {
    return switch (state) {
      case NOT_CONFIGURED -> "no walking network is configured (routing.osm.file)";
      case IMPORTING -> "the walking network is still being imported";
      case FAILED -> "the walking network is unavailable: " + failure;
      case READY -> "ready";
    };
  }

  /** Waits until the import has finished, well or not; true if it did within {@code max}. */
  public boolean awaitImport(Duration max) throws InterruptedException {
    return settled.await(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The nearest stations by walking time: the nearest {@code max(3 x limit, 20)} by straight line
   * are walked to with one search and re-ranked; stations the search does not reach follow those it
   * does, by straight line, with the estimate. Without a network: {@link
   * StationSnapshot#nearby(NearbyQuery, Instant, Predicate)} as it is.
   */
  public List<NearbyResult> nearby(
      StationSnapshot snapshot, NearbyQuery q, Instant now, Predicate<Station> also) {
    Ready r = ready;
    if (r == null) {
      return snapshot.nearby(q, now, also);
    }
    int wider = Math.min(NearbyQuery.MAX_LIMIT, Math.max(3 * q.limit(), MIN_CANDIDATES));
    NearbyQuery widened = new NearbyQuery(q.at(), wider, q.radiusM(), q.filter());
    return rerank(r.walks(), q, snapshot.nearby(widened, now, also));
  }

  private static List<NearbyResult> rerank(
      NetworkWalks walks, NearbyQuery q, List<NearbyResult> candidates) {
    if (candidates.isEmpty()) {
      return candidates;
    }
    double farthest = candidates.get(candidates.size() - 1).estimatedWalkingMinutes();
    double limitMin = Math.max(MIN_WALK_MIN, Math.min(MAX_WALK_MIN, 2 * farthest));
    List<Station> to = new ArrayList<>(candidates.size());
    for (NearbyResult c : candidates) {
      to.add(c.station());
    }
    Optional<NetworkWalk[]> found =
        walks.walks(q.at().lat(), q.at().lon(), to, limitMin, q.limit());
    if (found.isEmpty()) {
      return candidates.subList(0, Math.min(q.limit(), candidates.size()));
    }
    NetworkWalk[] w = found.get();
    List<Ranked> ranked = new ArrayList<>(candidates.size());
    for (int i = 0; i < w.length; i++) {
      NearbyResult c = candidates.get(i);
      // not reached within the bound: it is further than that on foot, so it follows
      double key = w[i] != null ? w[i].minutes() : limitMin + c.estimatedWalkingMinutes();
      ranked.add(new Ranked(key, i, w[i] == null ? c : c.withWalk(w[i])));
    }
    ranked.sort(Comparator.comparingDouble(Ranked::key).thenComparingInt(Ranked::order));
    List<NearbyResult> out = new ArrayList<>(q.limit());
    for (int i = 0; i < ranked.size() && out.size() < q.limit(); i++) {
      out.add(ranked.get(i).result());
    }
    return out;
  }

  /** A candidate, its walking minutes, and its straight-line place (for ties). */
  private record Ranked(double key, int order, NearbyResult result) {}

  /**
   * The area within {@code minutes} on foot of a station, as a GeoJSON geometry (Polygon or
   * MultiPolygon), kept per station version; empty when the station is off the network. Call only
   * when {@link #state()} is {@link State#READY}; CPU-bound, for a worker thread.
   */
  public Optional<String> isochrone(Station s, int minutes) {
    Ready r = ready;
    if (r == null) {
      throw new IllegalStateException(why());
    }
    String key = s.id() + "/" + minutes;
    Kept k = cache.get(key);
    if (k != null && k.station() == s) {
      return Optional.of(k.geometry());
    }
    Optional<String> g =
        r.isochrones()
            .around(s.location().lat(), s.location().lon(), minutes)
            .map(GeometryJson::of);
    g.ifPresent(json -> cache.put(key, new Kept(s, json)));
    return g;
  }

  /** Junctions in the graph, and the bytes it takes: for operations and benchmarks. */
  public Optional<long[]> size() {
    Ready r = ready;
    return r == null
        ? Optional.empty()
        : Optional.of(new long[] {r.graph().nodes(), r.graph().bytes()});
  }

  /** The network's extent (min lat, max lat, min lon, max lon), once ready. */
  public Optional<double[]> bounds() {
    Ready r = ready;
    return r == null ? Optional.empty() : Optional.of(r.graph().bounds());
  }

  @Override
  public void close() {
    closed = true;
    Ready r = ready;
    ready = null;
    if (r != null) {
      r.graph().close();
    }
  }

  /** A small LRU map; isochrones are asked for rarely enough that one lock is no contention. */
  private static final class IsochroneCache extends java.util.LinkedHashMap<String, Kept> {
    private final int max;

    IsochroneCache(int max) {
      super(64, 0.75f, true);
      this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, Kept> eldest) {
      return size() > max;
    }

    @Override
    public synchronized Kept get(Object key) {
      return super.get(key);
    }

    @Override
    public synchronized Kept put(String key, Kept value) {
      return super.put(key, value);
    }
  }
}
