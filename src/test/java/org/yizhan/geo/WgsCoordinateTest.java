package org.yizhan.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

class WgsCoordinateTest {

  @Test
  void jtsAxisOrderIsLongitudeThenLatitude() {
    Coordinate c = new WgsCoordinate(37.87, 112.55).toJts();
    assertThat(c.x).isEqualTo(112.55);
    assertThat(c.y).isEqualTo(37.87);
    assertThat(WgsCoordinate.fromJts(c)).isEqualTo(new WgsCoordinate(37.87, 112.55));
  }

  @Test
  void rejectsLatitudeAndLongitudeOutOfRange() {
    assertThatThrownBy(() -> new WgsCoordinate(91, 0)).hasMessageContaining("latitude");
    assertThatThrownBy(() -> new WgsCoordinate(0, 180.5)).hasMessageContaining("longitude");
    assertThatThrownBy(() -> new WgsCoordinate(Double.NaN, 0)).hasMessageContaining("latitude");
  }
}
