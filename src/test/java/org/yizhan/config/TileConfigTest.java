package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TileConfigTest {

  private static TileConfig load(Map<String, String> env) throws Exception {
    return new ConfigLoader(env).load(Optional.empty()).tiles();
  }

  @Test
  void openStreetMapInWgs84IsTheDefault() throws Exception {
    TileConfig t = load(Map.of());
    assertThat(t.provider()).isEqualTo("osm");
    assertThat(t.crs()).isEqualTo(TileConfig.WGS84);
    assertThat(t.url()).contains("openstreetmap.org");
  }

  @Test
  void amapTilesAreGcj02SoThePagesShiftTheMarkers() throws Exception {
    TileConfig t = load(Map.of("YIZHAN_TILES_PROVIDER", "amap"));
    assertThat(t.crs()).isEqualTo(TileConfig.GCJ02);
    assertThat(t.url()).contains("autonavi.com").contains("{x}").contains("{z}");
  }

  @Test
  void tiandituNeedsItsKeyAndAddsALabelLayer() throws Exception {
    assertThatThrownBy(() -> load(Map.of("YIZHAN_TILES_PROVIDER", "tianditu")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tiles.key");
    TileConfig t = load(Map.of("YIZHAN_TILES_PROVIDER", "tianditu", "YIZHAN_TILES_KEY", "k123"));
    assertThat(t.crs()).isEqualTo(TileConfig.WGS84);
    assertThat(t.url()).contains("vec_w").endsWith("tk=k123");
    assertThat(t.overlayUrl()).contains("cva_w").endsWith("tk=k123");
  }

  @Test
  void aUrlAloneIsACustomWgs84MapAndItsSystemCanBeDeclared() throws Exception {
    TileConfig t = load(Map.of("YIZHAN_TILES_URL", "https://tiles.example.cn/{z}/{x}/{y}.png"));
    assertThat(t.provider()).isEqualTo("custom");
    assertThat(t.crs()).isEqualTo(TileConfig.WGS84);
    TileConfig shifted =
        load(
            Map.of(
                "YIZHAN_TILES_URL", "https://tiles.example.cn/{z}/{x}/{y}.png",
                "YIZHAN_TILES_CRS", "GCJ02"));
    assertThat(shifted.crs()).isEqualTo(TileConfig.GCJ02);
  }

  @Test
  void unknownProvidersAndSystemsAreRefusedAtStart() {
    assertThatThrownBy(() -> load(Map.of("YIZHAN_TILES_PROVIDER", "google")))
        .hasMessageContaining("tiles.provider");
    assertThatThrownBy(() -> load(Map.of("YIZHAN_TILES_CRS", "bd09")))
        .hasMessageContaining("tiles.crs");
  }
}
