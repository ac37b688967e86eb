package org.yizhan.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The base map the web pages draw under the stations, and the coordinate system its tiles are in.
 * Station positions are stored in WGS-84; on a GCJ-02 base map (Amap) the pages shift every marker
 * into GCJ-02 and convert taps back, or each marker would sit hundreds of metres off its street.
 *
 * @param provider {@code osm}, {@code tianditu}, {@code amap} or {@code custom}
 * @param url Leaflet tile URL template ({@code {s}}, {@code {z}}, {@code {x}}, {@code {y}})
 * @param overlayUrl a second layer drawn on top (Tianditu's labels), or {@code null}
 * @param subdomains the values of {@code {s}}
 * @param crs {@code wgs84} or {@code gcj02}: the system the tiles are drawn in
 */
public record TileConfig(
    String provider,
    String url,
    String overlayUrl,
    String attribution,
    String subdomains,
    String crs,
    int maxZoom) {

  public static final String WGS84 = "wgs84";
  public static final String GCJ02 = "gcj02";

  private static final String OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  private static final String OSM_ATTRIBUTION = "© OpenStreetMap contributors";
  // Tianditu's WMTS in Web Mercator ("_w"); its CGCS2000 datum agrees with WGS-84 to decimetres.
  private static final String TIANDITU =
      "https://t{s}.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
          + "&LAYER=%s&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
          + "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=%s";
  private static final String AMAP =
      "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
          + "&x={x}&y={y}&z={z}";

  public TileConfig {
    if (!crs.equals(WGS84) && !crs.equals(GCJ02)) {
      throw new IllegalArgumentException("tiles.crs must be wgs84 or gcj02, got " + crs);
    }
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("tiles.url must not be empty");
    }
  }

  /** OpenStreetMap's standard tiles. */
  public static TileConfig openStreetMap() {
    return new TileConfig("osm", OSM_URL, null, OSM_ATTRIBUTION, "abc", WGS84, 19);
  }

  /**
   * A provider preset, adjusted by explicit settings.
   *
   * @param provider preset name; {@code custom} needs {@code url}
   * @param url overrides the preset's tile URL
   * @param attribution overrides the preset's attribution
   * @param crs overrides the preset's coordinate system (a custom URL defaults to WGS-84)
   * @param key the provider's API key (Tianditu's {@code tk}, which it requires)
   */
  public static TileConfig resolve(
      String provider,
      Optional<String> url,
      Optional<String> attribution,
      Optional<String> crs,
      Optional<String> key) {
    String name = provider.trim().toLowerCase(Locale.ROOT);
    TileConfig preset =
        switch (name) {
          case "osm" -> openStreetMap();
          case "tianditu" -> {
            String tk =
                key.orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "tiles.provider tianditu needs tiles.key (a Tianditu browser key)"));
            yield new TileConfig(
                "tianditu",
                String.format(Locale.ROOT, TIANDITU, "vec", "vec", tk),
                String.format(Locale.ROOT, TIANDITU, "cva", "cva", tk),
                "© 天地图 (Tianditu)",
                "01234567",
                WGS84,
                18);
          }
          case "amap" -> new TileConfig("amap", AMAP, null, "© 高德地图 (AutoNavi)", "1234", GCJ02, 18);
          case "custom" ->
              new TileConfig(
                  "custom",
                  url.orElseThrow(
                      () -> new IllegalArgumentException("tiles.provider custom needs tiles.url")),
                  null,
                  "",
                  "abc",
                  WGS84,
                  19);
          default ->
              throw new IllegalArgumentException(
                  "tiles.provider must be osm, tianditu, amap or custom, got " + provider);
        };
    return new TileConfig(
        preset.provider,
        url.orElse(preset.url),
        preset.overlayUrl,
        attribution.orElse(preset.attribution),
        preset.subdomains,
        crs.map(c -> c.trim().toLowerCase(Locale.ROOT)).orElse(preset.crs),
        preset.maxZoom);
  }
}
