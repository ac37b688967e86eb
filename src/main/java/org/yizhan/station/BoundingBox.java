package org.yizhan.station;

/** A lon/lat box that does not cross the antimeridian, edges inclusive. */
public record BoundingBox(double minLon, double minLat, double maxLon, double maxLat) {

  public static final BoundingBox WORLD = new BoundingBox(-180, -90, 180, 90);

  public BoundingBox {
    if (!(minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90)) {
      throw new IllegalArgumentException("bbox outside WGS-84 range");
    }
    if (minLon > maxLon || minLat > maxLat) {
      throw new IllegalArgumentException("bbox minimum exceeds maximum");
    }
  }

  public boolean contains(double lat, double lon) {
    return lat >= minLat && lat <= maxLat && lon >= minLon && lon <= maxLon;
  }
}
