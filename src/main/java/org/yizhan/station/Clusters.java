package org.yizhan.station;

/**
 * Groups stations into cells of a Web Mercator grid for a zoom level, so the national network
 * (186,100 stations) is drawn as a few hundred counted markers instead of every pin. A cell is
 * {@link #CELL_PX} screen pixels square at that zoom; a cluster sits at the mean position of its
 * stations and carries their box, so a tap can zoom to exactly them.
 */
public final class Clusters {

  /** Cell size in screen pixels (256-pixel tiles): about a thumb's width on a phone. */
  public static final int CELL_PX = 64;

  /** Zoom levels served; beyond the last, a cell is a few metres and stations are shown as pins. */
  public static final int MAX_ZOOM = 20;

  private Clusters() {}

  /**
   * One cluster.
   *
   * @param stationId the station's id when the cluster is a single station, else null
   */
  public record Cluster(
      double lat,
      double lon,
      int count,
      String stationId,
      double minLat,
      double minLon,
      double maxLat,
      double maxLon) {}

  /** Cells per axis of the world at {@code zoom}. */
  static long cellsPerAxis(int zoom) {
    return (256L << zoom) / CELL_PX;
  }

  /** The cell of a position at {@code zoom}, as one number (row-major). */
  public static long cell(double lat, double lon, int zoom) {
    return cellOfMercator(mercatorX(lon), mercatorY(lat), zoom);
  }

  /** The cell of a position given in {@link #mercatorX} and {@link #mercatorY} units. */
  static long cellOfMercator(double x, double y, int zoom) {
    long n = cellsPerAxis(zoom);
    long cx = Math.min(n - 1, Math.max(0, (long) Math.floor(x * n)));
    long cy = Math.min(n - 1, Math.max(0, (long) Math.floor(y * n)));
    return cy * n + cx;
  }

  /** Web Mercator x of a longitude, 0 at 180° W to 1 at 180° E. */
  static double mercatorX(double lon) {
    return (lon + 180.0) / 360.0;
  }

  /** Web Mercator y of a latitude, 0 at the top of the map to 1 at the bottom (±85.05°). */
  static double mercatorY(double lat) {
    double clamped = Math.max(-85.05112878, Math.min(85.05112878, lat));
    double rad = Math.toRadians(clamped);
    return (1.0 - Math.log(Math.tan(rad) + 1.0 / Math.cos(rad)) / Math.PI) / 2.0;
  }

  /** What a cell has gathered so far. */
  static final class Sum {
    final int first;
    int count;
    double lat;
    double lon;
    double minLat;
    double minLon;
    double maxLat;
    double maxLon;

    Sum(int first, double lat, double lon) {
      this.first = first;
      this.minLat = lat;
      this.maxLat = lat;
      this.minLon = lon;
      this.maxLon = lon;
    }

    void add(double la, double lo) {
      count++;
      lat += la;
      lon += lo;
      minLat = Math.min(minLat, la);
      maxLat = Math.max(maxLat, la);
      minLon = Math.min(minLon, lo);
      maxLon = Math.max(maxLon, lo);
    }

    Cluster toCluster(String idOfFirst) {
      return new Cluster(
          lat / count,
          lon / count,
          count,
          count == 1 ? idOfFirst : null,
          minLat,
          minLon,
          maxLat,
          maxLon);
    }
  }
}
