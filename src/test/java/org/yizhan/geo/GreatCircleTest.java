package org.yizhan.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GreatCircleTest {

  @Test
  void distanceBetweenBeijingAndShanghaiIsAbout1067Km() {
    // Tiananmen (39.9087, 116.3975) to the Bund (31.2400, 121.4900): about 1,067 km.
    double d = GreatCircle.distanceMeters(39.9087, 116.3975, 31.2400, 121.4900);
    assertThat(d).isCloseTo(1_067_000, within(3_000.0));
  }

  @Test
  void oneDegreeOfLatitudeIsAbout111Km() {
    assertThat(GreatCircle.distanceMeters(37, 112, 38, 112)).isCloseTo(111_195, within(5.0));
  }

  @Test
  void antipodesAreHalfTheCircumferenceApart() {
    assertThat(GreatCircle.distanceMeters(0, 0, 0, 180))
        .isCloseTo(Math.PI * GreatCircle.EARTH_RADIUS_M, within(1e-6));
  }

  @Test
  void boxLowerBoundNeverExceedsTheDistanceToAnyPointInTheBox() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int t = 0; t < 20_000; t++) {
      double minLat = rnd.nextDouble(-90, 89);
      double maxLat = Math.min(90, minLat + rnd.nextDouble(0, t % 2 == 0 ? 1 : 60));
      double minLon = rnd.nextDouble(-180, 179);
      double maxLon = Math.min(180, minLon + rnd.nextDouble(0, t % 2 == 0 ? 1 : 120));
      double lat = rnd.nextDouble(-90, 90);
      double lon = rnd.nextDouble(-180, 180);
      double bound = GreatCircle.lowerBoundToBox(lat, lon, minLat, maxLat, minLon, maxLon);
      double best = Double.MAX_VALUE;
      for (int i = 0; i <= 20; i++) {
        for (int j = 0; j <= 20; j++) {
          double pLat = minLat + (maxLat - minLat) * i / 20;
          double pLon = minLon + (maxLon - minLon) * j / 20;
          best = Math.min(best, GreatCircle.distanceMeters(lat, lon, pLat, pLon));
        }
      }
      assertThat(bound)
          .as("point %f,%f box %f..%f %f..%f", lat, lon, minLat, maxLat, minLon, maxLon)
          .isLessThanOrEqualTo(best);
      // And it is tight: not far below the sampled minimum (the grid is coarse on big boxes).
      if (t % 2 == 0) {
        assertThat(bound).isGreaterThan(best - 20_000);
      }
    }
  }

  @Test
  void boxLowerBoundIsZeroInsideTheBox() {
    assertThat(GreatCircle.lowerBoundToBox(37.5, 112.5, 37, 38, 112, 113)).isZero();
  }
}
