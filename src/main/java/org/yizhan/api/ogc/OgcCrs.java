package org.yizhan.api.ogc;

/**
 * The one coordinate reference system offered: OGC CRS84, WGS-84 with longitude first, as GeoJSON
 * has it (OGC API - Features Part 2 names it by URI).
 */
final class OgcCrs {

  static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

  private OgcCrs() {}

  /** Whether a {@code crs} value names CRS84 (its URI, also in https, or its safe-CURIE form). */
  static boolean isCrs84(String v) {
    return v.equals(CRS84) || v.equals("https" + CRS84.substring(4)) || v.equals("[OGC:CRS84]");
  }

  /** The {@code Content-Crs} header value. */
  static String header() {
    return "<" + CRS84 + ">";
  }
}
