package org.yizhan.routing;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.yizhan.json.JsonText;

/** GeoJSON text of the areas isochrones are made of (x = longitude), six decimals (~0.1 m). */
final class GeometryJson {

  private GeometryJson() {}

  static String of(Geometry g) {
    StringBuilder sb = new StringBuilder(256);
    if (g instanceof Polygon p) {
      sb.append("{\"type\":\"Polygon\",\"coordinates\":");
      polygon(sb, p);
    } else if (g instanceof MultiPolygon mp) {
      sb.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        polygon(sb, (Polygon) mp.getGeometryN(i));
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException("not an area: " + g.getGeometryType());
    }
    return sb.append('}').toString();
  }

  private static void polygon(StringBuilder sb, Polygon p) {
    sb.append('[');
    ring(sb, p.getExteriorRing());
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      sb.append(',');
      ring(sb, p.getInteriorRingN(i));
    }
    sb.append(']');
  }

  private static void ring(StringBuilder sb, LineString ring) {
    sb.append('[');
    Coordinate[] cs = ring.getCoordinates();
    for (int i = 0; i < cs.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('[');
      JsonText.fixed(sb, cs[i].x, 6).append(',');
      JsonText.fixed(sb, cs[i].y, 6).append(']');
    }
    sb.append(']');
  }
}
