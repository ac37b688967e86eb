package org.yizhan.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yizhan.error.DomainException;
import org.yizhan.geo.GreatCircle;

/** Verifies the generated candidate sets against an enumeration of every cell in the area. */
class CandidateGeneratorTest {

  @Test
  void theGridHasExactlyTheCellsContainingOrNearUncoveredDemand() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int round = 0; round < 10; round++) {
      int n = rnd.nextInt(1, 60);
      double[] lat = new double[n];
      double[] lon = new double[n];
      for (int i = 0; i < n; i++) {
        lat[i] = 37.8 + rnd.nextDouble() * 0.06;
        lon[i] = 112.5 + rnd.nextDouble() * 0.06;
      }
      int[] uncovered = java.util.stream.IntStream.range(0, n).filter(i -> i % 3 != 0).toArray();
      if (uncovered.length == 0) {
        continue;
      }
      double radius = 200 + rnd.nextDouble() * 800;
      double spacing = 150 + rnd.nextDouble() * 500;
      PlanPoints grid = CandidateGenerator.grid(lat, lon, uncovered, radius, spacing, 100_000);
      assertThat(centres(grid)).isEqualTo(bruteForce(lat, lon, uncovered, radius, spacing));
      assertThat(grid.kind()).containsOnly("grid");
    }
  }

  private static TreeSet<String> centres(PlanPoints p) {
    TreeSet<String> out = new TreeSet<>();
    for (int k = 0; k < p.size(); k++) {
      out.add(p.lat()[k] + "," + p.lon()[k]);
    }
    return out;
  }

  /** Every cell of a box around all the points, tested against every uncovered point. */
  private static TreeSet<String> bruteForce(
      double[] lat, double[] lon, int[] uncovered, double radius, double spacing) {
    double minLat = 90;
    double maxLat = -90;
    for (int i : uncovered) {
      minLat = Math.min(minLat, lat[i]);
      maxLat = Math.max(maxLat, lat[i]);
    }
    double latStep = Math.toDegrees(spacing / GreatCircle.EARTH_RADIUS_M);
    double lonStep = latStep / Math.cos(Math.toRadians((minLat + maxLat) / 2));
    TreeSet<String> out = new TreeSet<>();
    for (int r = (int) Math.floor(37.7 / latStep); r <= (int) (38.0 / latStep); r++) {
      for (int c = (int) Math.floor(112.4 / lonStep); c <= (int) (112.7 / lonStep); c++) {
        double cLat = (r + 0.5) * latStep;
        double cLon = (c + 0.5) * lonStep;
        for (int i : uncovered) {
          boolean own =
              (int) Math.floor(lat[i] / latStep) == r && (int) Math.floor(lon[i] / lonStep) == c;
          if (own || GreatCircle.distanceMeters(cLat, cLon, lat[i], lon[i]) <= radius) {
            out.add(cLat + "," + cLon);
            break;
          }
        }
      }
    }
    return out;
  }

  @Test
  void aGridAboveTheLimitOrWithABadSpacingIsRefusedNamingTheSpacing() {
    double[] lat = {37.8, 37.9, 38.0};
    double[] lon = {112.5, 112.6, 112.7};
    int[] all = {0, 1, 2};
    assertThatThrownBy(() -> CandidateGenerator.grid(lat, lon, all, 1_000, 50, 100))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("spacing_m")
        .hasMessageContaining("more than 100 candidates");
    assertThatThrownBy(() -> CandidateGenerator.grid(lat, lon, all, 1_000, 5, 100))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("spacing_m");
  }

  @Test
  void aFullyCoveredDemandGivesAnEmptyGridAndDemandPointsCopyTheDemand() {
    PlanPoints demand =
        new PlanPoints(
            new double[] {37.8, 37.9},
            new double[] {112.5, 112.6},
            new double[] {5, 7},
            new String[] {"a", null},
            new String[2]);
    assertThat(
            CandidateGenerator.grid(demand.lat(), demand.lon(), new int[0], 1_000, 250, 10).size())
        .isZero();
    PlanPoints c = CandidateGenerator.demandPoints(demand);
    assertThat(c.lat()).containsExactly(37.8, 37.9);
    assertThat(c.weight()).containsExactly(1.0, 1.0);
    assertThat(c.label()).containsExactly("a", null);
    assertThat(c.kind()).containsExactly("demand", "demand");
  }
}
