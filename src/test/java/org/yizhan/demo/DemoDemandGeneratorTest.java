package org.yizhan.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.planning.CoverageEngine;
import org.yizhan.planning.CoverageReport;
import org.yizhan.planning.PlanNetwork;
import org.yizhan.planning.PlanPoints;
import org.yizhan.station.Station;

/**
 * Verifies that the synthetic Shanxi demand is reproducible, inside Shanxi and plausibly shaped.
 */
class DemoDemandGeneratorTest {

  @Test
  void theSameSeedGivesTheSameSetAndAnotherSeedAnother() {
    PlanPoints a = DemoDemandGenerator.shanxi(5, 3_000);
    PlanPoints b = DemoDemandGenerator.shanxi(5, 3_000);
    PlanPoints c = DemoDemandGenerator.shanxi(6, 3_000);
    assertThat(a.lat()).isEqualTo(b.lat());
    assertThat(a.lon()).isEqualTo(b.lon());
    assertThat(a.weight()).isEqualTo(b.weight());
    assertThat(a.label()).isEqualTo(b.label());
    assertThat(a.lat()).isNotEqualTo(c.lat());
  }

  @Test
  void pointsLieInShanxiWithPositiveWeightsAndMostAreServedByTheDemoNetwork() {
    PlanPoints d = DemoDemandGenerator.shanxi(1, DemoDemandGenerator.DEFAULT_COUNT);
    assertThat(d.size()).isEqualTo(DemoDemandGenerator.DEFAULT_COUNT);
    for (int i = 0; i < d.size(); i++) {
      assertThat(DemoNetworkGenerator.SHANXI_BOX.contains(d.lat()[i], d.lon()[i])).isTrue();
      assertThat(d.weight()[i]).isPositive();
      assertThat(d.label()[i]).matches("(环卫|外卖快递|货车停靠) · .+");
    }
    List<Station> stations = DemoNetworkGenerator.shanxi(1);
    PlanNetwork net =
        PlanNetwork.of(
            stations.stream()
                .map(
                    s ->
                        new PlanNetwork.Site(
                            s.id(), s.location().lat(), s.location().lon(), s.city(), s.district()))
                .toList());
    CoverageReport r = CoverageEngine.compute(d, net, CoverageEngine.DEFAULT_RADIUS_M);
    // A demo worth planning on: much demand served, and a real gap left on the outskirts.
    assertThat(r.share()).isBetween(0.4, 0.9);
    assertThat(r.byCity()).hasSize(11);
  }
}
