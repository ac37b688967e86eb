package org.yizhan.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.yizhan.station.hours.OpenState;

/**
 * Clusters from the index against a brute-force pass over every station: the same cells with the
 * same counts, mean positions, boxes and single-station ids, over random boxes and zoom levels; and
 * each cluster small enough to be one cell.
 */
class ClustersMatchBruteForceTest {

  /** A Wednesday at 10:00 in China: daytime stations are open. */
  private static final Instant NOW = Instant.parse("2026-07-15T02:00:00Z");

  @Test
  void clustersEqualABruteForceGroupingOfTheStationsInTheBox() {
    SplittableRandom rnd = new SplittableRandom(12351);
    List<Station> all = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      // Dense towns and a sparse countryside, as in Shanxi.
      boolean town = rnd.nextInt(3) > 0;
      double lat = town ? 37.87 + rnd.nextGaussian() * 0.05 : rnd.nextDouble(34.5, 40.7);
      double lon = town ? 112.55 + rnd.nextGaussian() * 0.05 : rnd.nextDouble(110.2, 114.6);
      StationStatus status = rnd.nextInt(15) == 0 ? StationStatus.CLOSED : StationStatus.ACTIVE;
      all.add(
          TestStations.station(
              String.format("c-%05d", i),
              StationInput.round7(lat),
              StationInput.round7(lon),
              rnd.nextBoolean()
                  ? EnumSet.of(Amenity.DRINKING_WATER)
                  : EnumSet.noneOf(Amenity.class),
              rnd.nextBoolean() ? "24/7" : "Mo-Fr 08:00-18:00",
              status));
    }
    StationSnapshot snapshot = StationSnapshot.of(all);
    for (int q = 0; q < 200; q++) {
      int zoom = rnd.nextInt(0, 19);
      double minLat = rnd.nextDouble(34, 39);
      double minLon = rnd.nextDouble(110, 113);
      BoundingBox box =
          q % 10 == 0
              ? BoundingBox.WORLD
              : new BoundingBox(
                  minLon,
                  minLat,
                  minLon + rnd.nextDouble(0.01, 3),
                  minLat + rnd.nextDouble(0.01, 3));
      // Half the queries filter as a worker would; the rest take every listed station.
      StationFilter filter =
          q % 2 == 0
              ? StationFilter.ANY
              : new StationFilter(
                  rnd.nextBoolean() ? Set.of(Amenity.DRINKING_WATER) : Set.of(),
                  rnd.nextBoolean(),
                  rnd.nextBoolean(),
                  Set.of());
      Map<Long, List<Station>> expected = new HashMap<>();
      for (Station s : all) {
        boolean passes =
            s.amenities().containsAll(filter.amenities())
                && (!filter.openNow() || StationSnapshot.openState(s, NOW) == OpenState.OPEN)
                && (!filter.allDay() || s.openingHours().spec().equals("24/7"));
        if (s.isListed() && passes && box.contains(s.location().lat(), s.location().lon())) {
          expected
              .computeIfAbsent(
                  Clusters.cell(s.location().lat(), s.location().lon(), zoom),
                  k -> new ArrayList<>())
              .add(s);
        }
      }
      List<Clusters.Cluster> got = snapshot.clusters(box, zoom, filter, NOW, null);
      assertThat(got).as("zoom %d box %s", zoom, box).hasSize(expected.size());
      for (Clusters.Cluster c : got) {
        long cell = Clusters.cell(c.minLat(), c.minLon(), zoom);
        assertThat(Clusters.cell(c.maxLat(), c.maxLon(), zoom)).as("one cell").isEqualTo(cell);
        List<Station> members = expected.get(cell);
        assertThat(members).isNotNull();
        assertThat(c.count()).isEqualTo(members.size());
        double lat = members.stream().mapToDouble(s -> s.location().lat()).average().orElseThrow();
        double lon = members.stream().mapToDouble(s -> s.location().lon()).average().orElseThrow();
        assertThat(c.lat()).isCloseTo(lat, within(1e-9));
        assertThat(c.lon()).isCloseTo(lon, within(1e-9));
        assertThat(c.stationId()).isEqualTo(members.size() == 1 ? members.get(0).id() : null);
      }
    }
  }

  @Test
  void aCellIsSixtyFourPixelsAtItsZoom() {
    // At zoom 0 the world is 256 px wide: 4 cells. Each zoom doubles them.
    assertThat(Clusters.cell(10, -179.9, 0)).isEqualTo(Clusters.cell(10, -90.1, 0));
    assertThat(Clusters.cell(10, -179.9, 0)).isNotEqualTo(Clusters.cell(10, -89.9, 0));
    assertThat(Clusters.cell(10, -179.9, 1)).isNotEqualTo(Clusters.cell(10, -134.9, 1));
    // The poles and the antimeridian stay inside the grid.
    assertThat(Clusters.cell(90, 180, 3)).isEqualTo(Clusters.cell(89, 179.99, 3));
  }
}
