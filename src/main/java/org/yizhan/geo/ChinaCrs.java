package org.yizhan.geo;

/**
 * The coordinate systems Chinese map providers use, from the WGS-84 positions Yizhan stores.
 *
 * <ul>
 *   <li><b>GCJ-02</b> ("Mars coordinates"): the legally required, obfuscated system of Amap (高德),
 *       Tencent Maps and Tianditu's Chinese rivals; a smooth, nonlinear offset of WGS-84 by up to a
 *       few hundred metres, inside mainland China only.
 *   <li><b>BD-09</b>: Baidu's further offset of GCJ-02.
 * </ul>
 *
 * Positions outside the rough box around China are not offset (providers do not offset them
 * either). The inverses are not closed-form: GCJ-02 to WGS-84 is solved by fixed-point iteration to
 * about a millimetre, which the one-step approximation common in the wild (error up to a few
 * metres) does not reach.
 *
 * <p>Arrays are {@code {lon, lat}}, the axis order of GeoJSON and of the providers' URL APIs.
 */
public final class ChinaCrs {

  /** Krasovsky 1940 ellipsoid, which the GCJ-02 algorithm is defined on. */
  private static final double A = 6378245.0;

  private static final double EE = 0.00669342162296594323;
  private static final double BD_FACTOR = Math.PI * 3000.0 / 180.0;

  private ChinaCrs() {}

  /** Whether a position lies outside the box in which Chinese providers offset coordinates. */
  public static boolean outsideChina(double lon, double lat) {
    return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
  }

  /** WGS-84 to GCJ-02. */
  public static double[] wgsToGcj(double lon, double lat) {
    if (outsideChina(lon, lat)) {
      return new double[] {lon, lat};
    }
    double[] d = offset(lon, lat);
    return new double[] {lon + d[0], lat + d[1]};
  }

  /** GCJ-02 to WGS-84, by iteration: the WGS-84 point whose GCJ-02 image is the given one. */
  public static double[] gcjToWgs(double lon, double lat) {
    if (outsideChina(lon, lat)) {
      return new double[] {lon, lat};
    }
    double wLon = lon;
    double wLat = lat;
    for (int i = 0; i < 30; i++) {
      double[] g = wgsToGcj(wLon, wLat);
      double eLon = g[0] - lon;
      double eLat = g[1] - lat;
      wLon -= eLon;
      wLat -= eLat;
      if (Math.abs(eLon) < 1e-11 && Math.abs(eLat) < 1e-11) {
        break;
      }
    }
    return new double[] {wLon, wLat};
  }

  /** GCJ-02 to BD-09. */
  public static double[] gcjToBd(double lon, double lat) {
    double r = Math.hypot(lon, lat) + 0.00002 * Math.sin(lat * BD_FACTOR);
    double theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * BD_FACTOR);
    return new double[] {r * Math.cos(theta) + 0.0065, r * Math.sin(theta) + 0.006};
  }

  /** BD-09 to GCJ-02 (Baidu's published inverse; good to a few centimetres). */
  public static double[] bdToGcj(double lon, double lat) {
    double x = lon - 0.0065;
    double y = lat - 0.006;
    double r = Math.hypot(x, y) - 0.00002 * Math.sin(y * BD_FACTOR);
    double theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * BD_FACTOR);
    return new double[] {r * Math.cos(theta), r * Math.sin(theta)};
  }

  /** WGS-84 to BD-09, through GCJ-02. */
  public static double[] wgsToBd(double lon, double lat) {
    double[] g = wgsToGcj(lon, lat);
    return outsideChina(lon, lat) ? g : gcjToBd(g[0], g[1]);
  }

  /** The GCJ-02 offset {dLon, dLat} in degrees at a WGS-84 position inside China. */
  private static double[] offset(double lon, double lat) {
    double x = lon - 105.0;
    double y = lat - 35.0;
    double dLat = latitudeTerm(x, y);
    double dLon = longitudeTerm(x, y);
    double radLat = Math.toRadians(lat);
    double s = Math.sin(radLat);
    double m = 1 - EE * s * s;
    double sqrtM = Math.sqrt(m);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (m * sqrtM) * Math.PI);
    dLon = (dLon * 180.0) / (A / sqrtM * Math.cos(radLat) * Math.PI);
    return new double[] {dLon, dLat};
  }

  private static double latitudeTerm(double x, double y) {
    double t =
        -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    t += waves(x);
    t += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
    t += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320.0 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
    return t;
  }

  private static double longitudeTerm(double x, double y) {
    double t = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    t += waves(x);
    t += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
    t += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
    return t;
  }

  /** The term both share: waves in longitude. */
  private static double waves(double x) {
    return (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
  }
}
