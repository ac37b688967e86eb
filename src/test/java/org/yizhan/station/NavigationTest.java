package org.yizhan.station;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.yizhan.geo.ChinaCrs;

/**
 * Navigation links carry the station in each provider's system: for the published reference point
 * (WGS-84 116.404, 39.915), GCJ-02 116.410244, 39.916404 for Amap and Tencent, BD-09 for Baidu, and
 * WGS-84 itself in the geo: URI.
 */
class NavigationTest {

  @Test
  void eachProviderGetsItsOwnCoordinates() {
    JsonObject nav = Navigation.of(TestStations.station("nav-1", 39.915, 116.404));
    JsonObject links = nav.getJsonObject("links");
    assertThat(nav.getJsonObject("gcj02").getDouble("lon")).isEqualTo(116.410244);
    assertThat(nav.getJsonObject("gcj02").getDouble("lat")).isEqualTo(39.916404);
    assertThat(links.getString("amap"))
        .startsWith("https://uri.amap.com/navigation?to=116.410244,39.916404,")
        .contains("mode=walk")
        .contains("coordinate=gaode");
    assertThat(links.getString("tencent")).contains("tocoord=39.916404,116.410244");
    double[] bd = ChinaCrs.wgsToBd(116.404, 39.915);
    String bdLatLon = String.format(java.util.Locale.ROOT, "%.6f,%.6f", bd[1], bd[0]);
    assertThat(links.getString("baidu"))
        .contains("location=" + bdLatLon)
        .contains("coord_type=bd09ll");
    assertThat(links.getString("baidu_app")).contains("latlng:" + bdLatLon);
    assertThat(links.getString("geo"))
        .startsWith("geo:39.915000,116.404000?q=39.915000,116.404000(");
    // The name is percent-encoded UTF-8, spaces included.
    assertThat(links.getString("amap")).contains("%E6%B5%8B%E8%AF%95%E9%A9%BF%E7%AB%99%20nav-1");
  }

  @Test
  void outsideChinaNothingIsOffset() {
    JsonObject nav = Navigation.of(TestStations.station("nav-2", 48.8566, 2.3522));
    assertThat(nav.getJsonObject("gcj02")).isEqualTo(nav.getJsonObject("wgs84"));
    assertThat(nav.getJsonObject("bd09")).isEqualTo(nav.getJsonObject("wgs84"));
  }
}
