package org.yizhan.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.yizhan.error.DomainException;
import org.yizhan.geo.GreatCircle;

/**
 * Verifies that coverage equals a brute-force scan of every demand-station pair, exactly: nearest
 * station and distance per point, covered weight, uncovered points, idle stations and the sums by
 * city and district (integer weights, so every summation order gives the same sum).
 */
class CoverageMatchesBruteForceTest {

  private static final String[] CITIES = {"太原", "大同", null};
  private static final String[] DISTRICTS = {"小店区", "迎泽区", null};

  /** Random stations and demand in a few km around Taiyuan, with duplicates to exercise ties. */
  private static PlanNetwork network(SplittableRandom rnd, int m) {
    List<PlanNetwork.Site> sites = new ArrayList<>();
    for (int s = 0; s < m; s++) {
      double lat;
      double lon;
      if (s > 0 && rnd.nextInt(10) == 0) {
        lat = sites.get(s - 1).lat(); // same position as the previous station: a tie
        lon = sites.get(s - 1).lon();
      } else {
        lat = 37.85 + rnd.nextDouble() * 0.1;
        lon = 112.5 + rnd.nextDouble() * 0.1;
      }
      sites.add(
          new PlanNetwork.Site(
              "st-" + s, lat, lon, CITIES[rnd.nextInt(3)], DISTRICTS[rnd.nextInt(3)]));
    }
    return PlanNetwork.of(sites);
  }

  private static PlanPoints demand(SplittableRandom rnd, int n, PlanNetwork net) {
    double[] lat = new double[n];
    double[] lon = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      if (net.size() > 0 && rnd.nextInt(20) == 0) {
        int s = rnd.nextInt(net.size()); // exactly at a station
        lat[i] = net.lat(s);
        lon[i] = net.lon(s);
      } else {
        lat[i] = 37.83 + rnd.nextDouble() * 0.14;
        lon[i] = 112.48 + rnd.nextDouble() * 0.14;
      }
      w[i] = 1 + rnd.nextInt(50);
    }
    return PlanPoints.of(lat, lon, w);
  }

  @Test
  void coverageEqualsBruteForceOnRandomInstances() {
    SplittableRandom rnd = new SplittableRandom(15);
    for (int round = 0; round < 40; round++) {
      PlanNetwork net = network(rnd, rnd.nextInt(1, 120));
      PlanPoints d = demand(rnd, rnd.nextInt(1, 3_000), net);
      double radius = 200 + rnd.nextDouble() * 1_500;
      CoverageReport r = CoverageEngine.compute(d, net, radius);
      assertMatchesBruteForce(d, net, radius, r);
    }
  }

  @Test
  void anEmptyNetworkCoversNothingAndAssignsNoArea() {
    SplittableRandom rnd = new SplittableRandom(7);
    PlanNetwork empty = PlanNetwork.of(List.of());
    PlanPoints d = demand(rnd, 50, empty);
    CoverageReport r = CoverageEngine.compute(d, empty, 1_000);
    assertThat(r.coveredWeight()).isZero();
    assertThat(r.totalWeight()).isEqualTo(d.totalWeight());
    assertThat(r.uncovered()).hasSize(50);
    assertThat(r.nearest()).containsOnly(-1);
    assertThat(r.distanceM()).containsOnly(Double.POSITIVE_INFINITY);
    assertThat(r.byCity()).isEmpty();
    assertThat(r.idleSites()).isEmpty();
  }

  @Test
  void aWhatIfRemovesAndAddsSitesAndAddedSitesTakeTheNearestStationsArea() {
    SplittableRandom rnd = new SplittableRandom(3);
    PlanNetwork net = network(rnd, 30);
    PlanNetwork changed =
        net.whatIf(
            List.of(new PlanNetwork.Site("new-1", net.lat(5) + 1e-4, net.lon(5), null, null)),
            List.of("st-0", "st-1"));
    assertThat(changed.size()).isEqualTo(29);
    assertThat(changed.id(0)).isEqualTo("st-2");
    assertThat(changed.id(28)).isEqualTo("new-1");
    assertThat(changed.city(28)).isEqualTo(net.city(5));
    assertThat(changed.district(28)).isEqualTo(net.district(5));
    PlanPoints d = demand(rnd, 2_000, changed);
    assertMatchesBruteForce(d, changed, 800, CoverageEngine.compute(d, changed, 800));
    assertThatThrownBy(() -> net.whatIf(List.of(), List.of("st-x")))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("st-x");
  }

  @Test
  void aServiceDistanceOutOfRangeIsRefused() {
    PlanNetwork net = PlanNetwork.of(List.of());
    PlanPoints d = PlanPoints.of(new double[] {37}, new double[] {112}, new double[] {1});
    for (double bad : new double[] {0, -1, Double.NaN, 100_001}) {
      assertThatThrownBy(() -> CoverageEngine.compute(d, net, bad))
          .isInstanceOf(DomainException.InvalidInput.class)
          .hasMessageContaining("radius_m");
    }
  }

  private static void assertMatchesBruteForce(
      PlanPoints d, PlanNetwork net, double radius, CoverageReport r) {
    int n = d.size();
    int m = net.size();
    double total = 0;
    double covered = 0;
    List<Integer> uncovered = new ArrayList<>();
    boolean[] coversSomething = new boolean[m];
    Map<List<String>, double[]> byDistrict = new HashMap<>();
    Map<String, double[]> byCity = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int best = -1;
      double bestD = Double.POSITIVE_INFINITY;
      for (int s = 0; s < m; s++) {
        double dd = GreatCircle.distanceMeters(d.lat()[i], d.lon()[i], net.lat(s), net.lon(s));
        if (dd < bestD) {
          best = s;
          bestD = dd;
        }
        if (dd <= radius) {
          coversSomething[s] = true;
        }
      }
      assertThat(r.nearest()[i]).as("nearest of %d", i).isEqualTo(best);
      assertThat(r.distanceM()[i]).as("distance of %d", i).isEqualTo(bestD);
      double w = d.weight()[i];
      total += w;
      boolean c = bestD <= radius;
      if (c) {
        covered += w;
      } else {
        uncovered.add(i);
      }
      if (best >= 0) {
        for (double[] a :
            List.of(
                byCity.computeIfAbsent(net.city(best), k -> new double[4]),
                byDistrict.computeIfAbsent(
                    java.util.Arrays.asList(net.city(best), net.district(best)),
                    k -> new double[4]))) {
          a[0]++;
          a[1] += c ? 1 : 0;
          a[2] += w;
          a[3] += c ? w : 0;
        }
      }
    }
    assertThat(r.totalWeight()).isEqualTo(total);
    assertThat(r.coveredWeight()).isEqualTo(covered);
    assertThat(r.uncovered()).containsExactly(uncovered.stream().mapToInt(i -> i).toArray());
    List<Integer> idle = new ArrayList<>();
    for (int s = 0; s < m; s++) {
      if (!coversSomething[s]) {
        idle.add(s);
      }
    }
    assertThat(r.idleSites()).containsExactly(idle.stream().mapToInt(i -> i).toArray());
    assertThat(r.byCity()).hasSize(byCity.size());
    for (AreaCoverage a : r.byCity()) {
      assertThat(a.district()).isNull();
      assertArea(a, byCity.get(a.city()));
    }
    assertThat(r.byDistrict()).hasSize(byDistrict.size());
    for (AreaCoverage a : r.byDistrict()) {
      assertArea(a, byDistrict.get(java.util.Arrays.asList(a.city(), a.district())));
    }
  }

  private static void assertArea(AreaCoverage a, double[] expected) {
    Objects.requireNonNull(expected, "unexpected area " + a);
    assertThat(new double[] {a.points(), a.coveredPoints(), a.totalWeight(), a.coveredWeight()})
        .as("area %s/%s", a.city(), a.district())
        .containsExactly(expected);
  }
}
