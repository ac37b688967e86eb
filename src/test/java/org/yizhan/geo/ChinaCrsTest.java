package org.yizhan.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Conversions against the reference values published with the widely used coordtransform library
 * (wandergis/coordtransform, its test/app.js: the point 116.404, 39.915 in Beijing through each
 * conversion), and round trips over random points in China.
 */
class ChinaCrsTest {

  /** 1e-9 degrees is about 0.1 mm. */
  private static final double EXACT = 1e-9;

  @Test
  void wgsToGcjMatchesThePublishedReference() {
    double[] g = ChinaCrs.wgsToGcj(116.404, 39.915);
    assertThat(g[0]).isCloseTo(116.41024449916938, within(EXACT));
    assertThat(g[1]).isCloseTo(39.91640428150164, within(EXACT));
  }

  @Test
  void gcjToBdAndBackMatchThePublishedReferences() {
    double[] b = ChinaCrs.gcjToBd(116.404, 39.915);
    assertThat(b[0]).isCloseTo(116.41036949371029, within(EXACT));
    assertThat(b[1]).isCloseTo(39.92133699351021, within(EXACT));
    double[] g = ChinaCrs.bdToGcj(116.404, 39.915);
    assertThat(g[0]).isCloseTo(116.39762729119315, within(EXACT));
    assertThat(g[1]).isCloseTo(39.90865673957631, within(EXACT));
  }

  @Test
  void gcjToWgsIsMoreExactThanThePublishedOneStepApproximation() {
    // The reference library's one-step inverse gives 116.39775550083061, 39.91359571849836, which
    // maps back a few metres off; the iteration lands near it and maps back exactly.
    double[] w = ChinaCrs.gcjToWgs(116.404, 39.915);
    assertThat(GreatCircle.distanceMeters(w[1], w[0], 39.91359571849836, 116.39775550083061))
        .isLessThan(5.0);
    double[] back = ChinaCrs.wgsToGcj(w[0], w[1]);
    assertThat(back[0]).isCloseTo(116.404, within(EXACT));
    assertThat(back[1]).isCloseTo(39.915, within(EXACT));
  }

  @Test
  void theOffsetIsHundredsOfMetresInChinaAndNothingOutside() {
    // Taiyuan: the offset workers would walk if a WGS-84 pin were put on a GCJ-02 map.
    double[] g = ChinaCrs.wgsToGcj(112.5489, 37.8706);
    double metres = GreatCircle.distanceMeters(37.8706, 112.5489, g[1], g[0]);
    assertThat(metres).isBetween(100.0, 1000.0);
    assertThat(ChinaCrs.wgsToGcj(2.3522, 48.8566)).containsExactly(2.3522, 48.8566);
    assertThat(ChinaCrs.wgsToBd(2.3522, 48.8566)).containsExactly(2.3522, 48.8566);
    assertThat(ChinaCrs.outsideChina(112.5, 37.8)).isFalse();
  }

  @Test
  void roundTripsOverRandomPointsInChinaStayWithinACentimetre() {
    SplittableRandom r = new SplittableRandom(12351);
    for (int i = 0; i < 10_000; i++) {
      double lon = 73.5 + r.nextDouble() * (135.0 - 73.5);
      double lat = 18.2 + r.nextDouble() * (53.5 - 18.2);
      double[] g = ChinaCrs.wgsToGcj(lon, lat);
      double[] w = ChinaCrs.gcjToWgs(g[0], g[1]);
      assertThat(GreatCircle.distanceMeters(lat, lon, w[1], w[0])).isLessThan(0.01);
      double[] b = ChinaCrs.gcjToBd(g[0], g[1]);
      double[] g2 = ChinaCrs.bdToGcj(b[0], b[1]);
      assertThat(GreatCircle.distanceMeters(g[1], g[0], g2[1], g2[0])).isLessThan(0.5);
    }
  }
}
