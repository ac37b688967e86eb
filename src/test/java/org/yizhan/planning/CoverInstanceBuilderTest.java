package org.yizhan.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.yizhan.geo.GreatCircle;

/** Verifies the covering incidence against every candidate-demand and station-demand pair. */
class CoverInstanceBuilderTest {

  @Test
  void theInstanceEqualsBruteForceOnRandomInstances() {
    SplittableRandom rnd = new SplittableRandom(21);
    for (int round = 0; round < 25; round++) {
      PlanPoints demand = points(rnd, rnd.nextInt(1, 800));
      PlanPoints cand = points(rnd, rnd.nextInt(1, 60));
      PlanPoints st = points(rnd, round % 5 == 0 ? 0 : rnd.nextInt(1, 20));
      List<PlanNetwork.Site> sites = new ArrayList<>();
      for (int s = 0; s < st.size(); s++) {
        sites.add(new PlanNetwork.Site("s" + s, st.lat()[s], st.lon()[s], null, null));
      }
      PlanNetwork net = PlanNetwork.of(sites);
      double radius = 300 + rnd.nextDouble() * 1_000;
      double maxDistance = 500 + rnd.nextDouble() * 4_000;
      CoverInstance in = CoverInstanceBuilder.build(demand, cand, net, radius, maxDistance);

      int n = demand.size();
      assertThat(in.weight()).isEqualTo(demand.weight());
      assertThat(in.maxDistance()).isEqualTo(maxDistance);
      for (int i = 0; i < n; i++) {
        double best = Double.POSITIVE_INFINITY;
        for (int s = 0; s < net.size(); s++) {
          best =
              Math.min(
                  best,
                  GreatCircle.distanceMeters(
                      demand.lat()[i], demand.lon()[i], net.lat(s), net.lon(s)));
        }
        assertThat(in.covered()[i]).isEqualTo(best <= radius);
        assertThat(in.base()[i]).isEqualTo(Math.min(best, maxDistance));
      }
      for (int j = 0; j < cand.size(); j++) {
        List<Integer> covers = new ArrayList<>();
        List<Integer> near = new ArrayList<>();
        List<Double> nearDist = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          double d =
              GreatCircle.distanceMeters(
                  cand.lat()[j], cand.lon()[j], demand.lat()[i], demand.lon()[i]);
          if (d <= radius) {
            covers.add(i);
          }
          if (d < in.base()[i]) {
            near.add(i);
            nearDist.add(d);
          }
        }
        assertThat(in.covers()[j]).containsExactly(covers.stream().mapToInt(x -> x).toArray());
        assertThat(in.near()[j]).containsExactly(near.stream().mapToInt(x -> x).toArray());
        assertThat(in.nearDist()[j])
            .containsExactly(nearDist.stream().mapToDouble(x -> x).toArray());
      }
    }
  }

  private static PlanPoints points(SplittableRandom rnd, int n) {
    double[] lat = new double[n];
    double[] lon = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      lat[i] = 37.8 + rnd.nextDouble() * 0.08;
      lon[i] = 112.5 + rnd.nextDouble() * 0.08;
      w[i] = 1 + rnd.nextInt(9);
    }
    return PlanPoints.of(lat, lon, w);
  }
}
