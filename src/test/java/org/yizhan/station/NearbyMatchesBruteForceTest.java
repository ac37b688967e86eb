package org.yizhan.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yizhan.geo.GreatCircle;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.hours.OpenState;
import org.yizhan.station.hours.OpeningHours;

/**
 * Verifies that the index's nearest-station answers equal a brute-force haversine scan sorted by
 * (distance, id), over random queries with filters, tied distances, radius edges and points far
 * outside the network.
 */
class NearbyMatchesBruteForceTest {

  private static final String[] HOURS = {
    "24/7", "Mo-Fr 08:00-18:00", "Mo-Su 07:00-21:00", "Mo-Sa 08:30-19:30; Su off"
  };
  private static final double[][] CLUSTERS = {
    {37.87, 112.55},
    {40.08, 113.30},
    {35.03, 111.01},
    {37.86, 113.58},
    {0.0, 179.9},
    {-33.9, 151.2},
    {64.1, -21.9}
  };

  private static List<Station> stations;
  private static StationSnapshot snapshot;

  @BeforeAll
  static void network() {
    SplittableRandom rnd = new SplittableRandom(42);
    stations = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double[] c = CLUSTERS[rnd.nextInt(CLUSTERS.length)];
      double lat = clamp(c[0] + rnd.nextDouble(-0.3, 0.3), -90, 90);
      double lon = clamp(c[1] + rnd.nextDouble(-0.3, 0.3), -180, 180);
      lat = StationInput.round7(lat);
      lon = StationInput.round7(lon);
      stations.add(random(rnd, String.format("s-%05d", i), lat, lon));
      if (rnd.nextInt(10) == 0) {
        // Same place, different id: ties that must resolve by id.
        stations.add(random(rnd, String.format("t-%05d", i), lat, lon));
      }
    }
    snapshot = StationSnapshot.of(stations);
  }

  @Test
  void nearestStationsEqualBruteForceOverTenThousandRandomQueries() {
    SplittableRandom rnd = new SplittableRandom(7);
    Instant now = ZonedDateTime.of(2026, 7, 15, 12, 30, 0, 0, OpeningHours.ZONE).toInstant();
    int nonEmpty = 0;
    int radiusEdges = 0;
    for (int q = 0; q < 10_000; q++) {
      NearbyQuery query = randomQuery(rnd, q);
      List<NearbyResult> got = snapshot.nearby(query, now);
      List<Expected> want = bruteForce(query, now);
      assertThat(got).as("query %s", query).hasSize(want.size());
      for (int i = 0; i < want.size(); i++) {
        assertThat(got.get(i).station().id())
            .as("query %s rank %d", query, i)
            .isEqualTo(want.get(i).id);
        assertThat(got.get(i).distanceM()).isEqualTo(want.get(i).distanceM);
      }
      if (!want.isEmpty()) {
        nonEmpty++;
        if (want.get(want.size() - 1).distanceM == query.radiusM()) {
          radiusEdges++;
        }
      }
    }
    assertThat(nonEmpty).isGreaterThan(7_000);
    assertThat(radiusEdges).as("queries whose radius equals a hit's distance").isGreaterThan(100);
  }

  @Test
  void queryPointsOnTopOfDuplicatedStationsReturnTheTiesInIdOrder() {
    Station dup =
        stations.stream()
            .filter(s -> s.id().startsWith("t-") && s.isListed())
            .filter(s -> snapshot.find("s-" + s.id().substring(2)).orElseThrow().isListed())
            .findFirst()
            .orElseThrow();
    NearbyQuery q = new NearbyQuery(dup.location(), 2, NearbyQuery.MAX_RADIUS_M, Set.of(), false);
    List<NearbyResult> got = snapshot.nearby(q, Instant.now());
    assertThat(got).extracting(r -> r.distanceM()).containsExactly(0.0, 0.0);
    assertThat(got.get(0).station().id()).isEqualTo("s-" + dup.id().substring(2));
    assertThat(got.get(1).station().id()).isEqualTo(dup.id());
  }

  private NearbyQuery randomQuery(SplittableRandom rnd, int q) {
    WgsCoordinate at;
    int kind = q % 10;
    if (kind < 7) {
      double[] c = CLUSTERS[rnd.nextInt(CLUSTERS.length)];
      at =
          new WgsCoordinate(
              clamp(c[0] + rnd.nextDouble(-0.5, 0.5), -90, 90),
              clamp(c[1] + rnd.nextDouble(-0.5, 0.5), -180, 180));
    } else if (kind < 9) {
      at = new WgsCoordinate(rnd.nextDouble(-90, 90), rnd.nextDouble(-180, 180));
    } else {
      // Poles and the antimeridian.
      double[][] edges = {{90, 0}, {-90, 45}, {0, 180}, {0, -180}, {89.9, -179.9}, {-1, -179.95}};
      double[] e = edges[rnd.nextInt(edges.length)];
      at = new WgsCoordinate(e[0], e[1]);
    }
    int limit = 1 + rnd.nextInt(q % 3 == 0 ? 100 : 12);
    double radius = NearbyQuery.MAX_RADIUS_M;
    int radiusKind = rnd.nextInt(4);
    if (radiusKind == 1) {
      radius = 1 + rnd.nextDouble(50_000);
    } else if (radiusKind == 2) {
      // Exactly the distance of one of the nearest stations: the edge must be included.
      WgsCoordinate p = at;
      double[] d =
          stations.stream().mapToDouble(s -> s.location().distanceMetersTo(p)).sorted().toArray();
      radius = Math.max(1, d[rnd.nextInt(limit)]);
    }
    Set<Amenity> amenities = EnumSet.noneOf(Amenity.class);
    if (rnd.nextInt(3) == 0) {
      amenities.add(Amenity.values()[rnd.nextInt(4)]);
      if (rnd.nextBoolean()) {
        amenities.add(Amenity.values()[rnd.nextInt(4)]);
      }
    }
    Set<StationKind> kinds = EnumSet.noneOf(StationKind.class);
    if (rnd.nextInt(4) == 0) {
      kinds.add(StationKind.values()[rnd.nextInt(3)]);
      if (rnd.nextBoolean()) {
        kinds.add(StationKind.values()[rnd.nextInt(3)]);
      }
    }
    return new NearbyQuery(
        at,
        limit,
        radius,
        new StationFilter(amenities, rnd.nextInt(3) == 0, rnd.nextInt(5) == 0, kinds));
  }

  private record Expected(String id, double distanceM) {}

  private static List<Expected> bruteForce(NearbyQuery q, Instant now) {
    List<Expected> all = new ArrayList<>();
    StationFilter f = q.filter();
    for (Station s : stations) {
      if (!s.isListed() || !s.amenities().containsAll(f.amenities())) {
        continue;
      }
      if (f.openNow() && StationSnapshot.openState(s, now) != OpenState.OPEN) {
        continue;
      }
      if (f.allDay() && !s.openingHours().spec().equals("24/7")) {
        continue;
      }
      if (!f.kinds().isEmpty() && !f.kinds().contains(s.kind())) {
        continue;
      }
      double d =
          GreatCircle.distanceMeters(
              q.at().lat(), q.at().lon(), s.location().lat(), s.location().lon());
      if (d <= q.radiusM()) {
        all.add(new Expected(s.id(), d));
      }
    }
    all.sort(Comparator.comparingDouble(Expected::distanceM).thenComparing(Expected::id));
    return all.subList(0, Math.min(q.limit(), all.size()));
  }

  private static Station random(SplittableRandom rnd, String id, double lat, double lon) {
    Set<Amenity> amenities = EnumSet.noneOf(Amenity.class);
    for (int a = 0; a < 4; a++) {
      if (rnd.nextInt(3) > 0) {
        amenities.add(Amenity.values()[a]);
      }
    }
    StationStatus status =
        rnd.nextInt(20) == 0
            ? StationStatus.CLOSED
            : rnd.nextInt(20) == 0 ? StationStatus.TEMPORARILY_CLOSED : StationStatus.ACTIVE;
    return TestStations.station(
        id,
        lat,
        lon,
        amenities,
        HOURS[rnd.nextInt(HOURS.length)],
        status,
        StationKind.values()[rnd.nextInt(3)]);
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }
}
