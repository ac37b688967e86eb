package org.yizhan.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKTReader;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.NearbyQuery;
import org.yizhan.station.NearbyResult;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;
import org.yizhan.station.TestStations;

/**
 * The walking network on a small river town built by the test: ranks by walking time, matches a
 * brute-force shortest walk, and draws isochrones that stop at the river.
 */
class WalkingNetworkTest {

  @TempDir static Path dir;

  static final RiverTown TOWN = new RiverTown();

  /** The worker: on the south bank, 20 m south of a street. */
  static final double[] WORKER = {0, -120};

  /** Across the river, 240 m away by straight line, about 1.8 km on foot over the bridge. */
  static final double[] ACROSS = {0, 120};

  /** Same bank, about 630 m away by straight line. */
  static final double[] SAME_BANK = {500, -320};

  /** Same bank, west. */
  static final double[] WEST = {-400, -520};

  /** North bank, far east. */
  static final double[] FAR_NORTH = {1500, 320};

  static final Map<String, double[]> PLACES =
      Map.of("across", ACROSS, "same-bank", SAME_BANK, "west", WEST, "far-north", FAR_NORTH);

  static WalkingNetwork network;
  static StationSnapshot snapshot;

  @BeforeAll
  static void importTown() throws Exception {
    Path osm = TOWN.write(dir);
    network = WalkingNetwork.open(osm, dir.resolve("graph"));
    snapshot =
        StationSnapshot.of(
            PLACES.entrySet().stream()
                .map(
                    e ->
                        TestStations.station(
                            e.getKey(),
                            RiverTown.lat(e.getValue()[1]),
                            RiverTown.lon(e.getValue()[0])))
                .toList());
  }

  @AfterAll
  static void close() {
    network.close();
  }

  private static List<NearbyResult> nearby(int limit) {
    NearbyQuery q =
        new NearbyQuery(
            new WgsCoordinate(RiverTown.lat(WORKER[1]), RiverTown.lon(WORKER[0])),
            limit,
            NearbyQuery.MAX_RADIUS_M,
            Set.of(),
            false);
    return network.nearby(snapshot, q, Instant.now(), null);
  }

  /** Verifies that a station across the river, nearest by straight line, ranks by its walk. */
  @Test
  void stationAcrossTheRiverRanksAfterAFartherOneOnTheSameBank() {
    List<NearbyResult> byLine = snapshot.nearby(nearbyQuery(4), Instant.now());
    assertThat(byLine.get(0).station().id()).as("straight line").isEqualTo("across");

    List<String> byWalk = nearby(4).stream().map(r -> r.station().id()).toList();

    assertThat(byWalk.indexOf("same-bank")).isLessThan(byWalk.indexOf("across"));
    assertThat(byWalk.indexOf("west")).isLessThan(byWalk.indexOf("across"));
    assertThat(byWalk.get(0)).isEqualTo("same-bank");
  }

  /** Verifies that a limit of one keeps the nearest on foot, not the nearest by line. */
  @Test
  void limitKeepsTheNearestOnFoot() {
    assertThat(nearby(1)).extracting(r -> r.station().id()).containsExactly("same-bank");
  }

  /**
   * Verifies that a search stopped early for a small limit gives the same first stations and walks
   * as the full search, from points all over the town.
   */
  @Test
  void aSmallLimitAgreesWithTheFullSearch() {
    int checked = 0;
    for (int x = -600; x <= 1800; x += 150) {
      for (int y = -560; y <= 560; y += 140) {
        NearbyQuery all = query(x, y, 4);
        List<NearbyResult> full = network.nearby(snapshot, all, Instant.now(), null);
        for (int limit = 1; limit <= 3; limit++) {
          List<NearbyResult> cut =
              network.nearby(snapshot, query(x, y, limit), Instant.now(), null);
          assertThat(cut).hasSize(limit);
          for (int i = 0; i < limit; i++) {
            assertThat(cut.get(i).station().id())
                .as("(%d, %d) limit %d #%d", x, y, limit, i)
                .isEqualTo(full.get(i).station().id());
            assertThat(cut.get(i).walkingDistanceM())
                .isCloseTo(full.get(i).walkingDistanceM(), within(0.01));
          }
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(200);
  }

  private static NearbyQuery query(double x, double y, int limit) {
    return new NearbyQuery(
        new WgsCoordinate(RiverTown.lat(y), RiverTown.lon(x)),
        limit,
        NearbyQuery.MAX_RADIUS_M,
        Set.of(),
        false);
  }

  /** Verifies that each walk matches a brute-force shortest path over the same streets. */
  @Test
  void walksMatchBruteForceShortestPaths() {
    List<NearbyResult> got = nearby(4);
    assertThat(got).hasSize(4);
    for (NearbyResult r : got) {
      double[] at = PLACES.get(r.station().id());
      double expected = TOWN.walkMetres(WORKER[0], WORKER[1], at[0], at[1]);
      assertThat(r.walkingSource()).as(r.station().id()).isEqualTo("network");
      // snapping and GraphHopper's planar distance on short edges: a few metres
      assertThat(r.walkingDistanceM()).as(r.station().id()).isCloseTo(expected, within(10.0));
      // GraphHopper's foot speed on residential streets: 5 km/h
      assertThat(r.walk().minutes())
          .as(r.station().id())
          .isCloseTo(expected / (5000.0 / 60), within(0.3));
      assertThat(r.walkingMinutes()).isEqualTo((int) Math.ceil(r.walk().minutes()));
    }
    double across = TOWN.walkMetres(WORKER[0], WORKER[1], ACROSS[0], ACROSS[1]);
    assertThat(across).as("the detour over the bridge").isGreaterThan(1700);
  }

  /** Verifies that a worker far from any street keeps the straight-line estimate. */
  @Test
  void workerOffTheNetworkKeepsTheEstimate() {
    NearbyQuery q =
        new NearbyQuery(
            new WgsCoordinate(RiverTown.lat(-5000), RiverTown.lon(0)),
            4,
            NearbyQuery.MAX_RADIUS_M,
            Set.of(),
            false);
    List<NearbyResult> got = network.nearby(snapshot, q, Instant.now(), null);

    assertThat(got).hasSize(4).allSatisfy(r -> assertThat(r.walkingSource()).isEqualTo("estimate"));
    assertThat(got).extracting(r -> r.walk()).containsOnlyNulls();
  }

  /** Verifies that without a network the answer is the snapshot's own, labelled an estimate. */
  @Test
  void withoutANetworkTheAnswerIsTheStraightLineEstimate() {
    WalkingNetwork none = WalkingNetwork.notConfigured();
    List<NearbyResult> got = none.nearby(snapshot, nearbyQuery(4), Instant.now(), null);

    assertThat(got).extracting(r -> r.station().id()).first().isEqualTo("across");
    assertThat(got).allSatisfy(r -> assertThat(r.walkingSource()).isEqualTo("estimate"));
    assertThat(none.state()).isEqualTo(WalkingNetwork.State.NOT_CONFIGURED);
  }

  /**
   * Verifies that a 15-minute isochrone holds the streets reached well within 15 minutes and leaves
   * out the far bank beyond the bridge's reach, though it is near by straight line.
   */
  @Test
  void isochroneStopsAtTheRiver() throws Exception {
    Station s = snapshot.find("same-bank").orElseThrow();
    Optional<String> json = network.isochrone(s, 15);
    assertThat(json).isPresent();
    Geometry area = geometry(json.get());
    double reach = 15 * 5000.0 / 60; // metres in 15 minutes at 5 km/h
    GeometryFactory gf = new GeometryFactory();
    int inside = 0;
    int outside = 0;
    for (double[] n : TOWN.nodes.values()) {
      double walk = TOWN.walkMetres(SAME_BANK[0], SAME_BANK[1], n[0], n[1]);
      boolean in =
          area.covers(gf.createPoint(new Coordinate(RiverTown.lon(n[0]), RiverTown.lat(n[1]))));
      if (walk < 0.8 * reach) {
        assertThat(in).as("reached in %.0f m: (%.0f, %.0f)", walk, n[0], n[1]).isTrue();
        inside++;
      } else if (walk > 1.25 * reach) {
        assertThat(in).as("%.0f m on foot: (%.0f, %.0f)", walk, n[0], n[1]).isFalse();
        outside++;
      }
    }
    assertThat(inside).isGreaterThan(5);
    // the far bank just across from the station: 300 m by line, far more on foot
    double line = RiverTown.metres(SAME_BANK[0], SAME_BANK[1], -200, 100);
    assertThat(line).isLessThan(reach);
    assertThat(area.covers(gf.createPoint(new Coordinate(RiverTown.lon(-200), RiverTown.lat(100)))))
        .isFalse();
    assertThat(outside).isGreaterThan(5);
    assertThat(network.isochrone(s, 15)).as("kept").containsSame(json.get());
  }

  private static NearbyQuery nearbyQuery(int limit) {
    return new NearbyQuery(
        new WgsCoordinate(RiverTown.lat(WORKER[1]), RiverTown.lon(WORKER[0])),
        limit,
        NearbyQuery.MAX_RADIUS_M,
        Set.of(),
        false);
  }

  /** Reads the GeoJSON geometry back through vert.x JSON into JTS, rings as they are. */
  static Geometry geometry(String json) throws Exception {
    io.vertx.core.json.JsonObject g = new io.vertx.core.json.JsonObject(json);
    StringBuilder wkt = new StringBuilder();
    io.vertx.core.json.JsonArray polys = g.getJsonArray("coordinates");
    if (g.getString("type").equals("Polygon")) {
      polys = new io.vertx.core.json.JsonArray().add(polys);
    }
    wkt.append("MULTIPOLYGON(");
    for (int p = 0; p < polys.size(); p++) {
      wkt.append(p == 0 ? "(" : ",(");
      io.vertx.core.json.JsonArray rings = polys.getJsonArray(p);
      for (int r = 0; r < rings.size(); r++) {
        wkt.append(r == 0 ? "(" : ",(");
        io.vertx.core.json.JsonArray ring = rings.getJsonArray(r);
        for (int i = 0; i < ring.size(); i++) {
          io.vertx.core.json.JsonArray c = ring.getJsonArray(i);
          wkt.append(i == 0 ? "" : ",").append(c.getDouble(0)).append(' ').append(c.getDouble(1));
        }
        wkt.append(')');
      }
      wkt.append(')');
    }
    return new WKTReader().read(wkt.append(')').toString());
  }
}
