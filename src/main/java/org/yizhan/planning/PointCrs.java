package org.yizhan.planning;

import java.util.Locale;
import org.yizhan.error.DomainException;

/** The coordinate system an uploaded file declares; everything stored is WGS-84. */
public enum PointCrs {
  WGS84,
  /** China's obfuscated GCJ-02 (Amap, Tencent); converted to WGS-84 on upload. */
  GCJ02;

  /** Reads {@code wgs84} or {@code gcj02} (any case); {@code null} or blank means WGS-84. */
  public static PointCrs parse(String code) {
    if (code == null || code.isBlank()) {
      return WGS84;
    }
    return switch (code.strip().toLowerCase(Locale.ROOT)) {
      case "wgs84", "wgs-84", "epsg:4326" -> WGS84;
      case "gcj02", "gcj-02" -> GCJ02;
      default -> throw DomainException.InvalidInput.of("crs", "must be wgs84 or gcj02");
    };
  }
}
