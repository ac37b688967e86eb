package org.yizhan.station;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.yizhan.geo.ChinaCrs;

/**
 * One tap to walk there, in the apps workers use. Each provider gets the station in its own
 * coordinate system: Amap and Tencent take GCJ-02, Baidu BD-09, a {@code geo:} URI (RFC 5870)
 * WGS-84. Sent in WGS-84, Chinese apps would put the destination hundreds of metres off.
 */
public final class Navigation {

  private static final String SOURCE = "yizhan";

  private Navigation() {}

  /** Positions in each system and the links, for {@code GET /api/v1/stations/{id}/navigation}. */
  public static JsonObject of(Station s) {
    double lat = s.location().lat();
    double lon = s.location().lon();
    double[] gcj = ChinaCrs.wgsToGcj(lon, lat);
    double[] bd = ChinaCrs.wgsToBd(lon, lat);
    String name = s.nameZh();
    String q = enc(name);
    JsonObject links =
        new JsonObject()
            .put(
                "amap",
                "https://uri.amap.com/navigation?to="
                    + fmt(gcj[0])
                    + ","
                    + fmt(gcj[1])
                    + ","
                    + q
                    + "&mode=walk&coordinate=gaode&callnative=1&src="
                    + SOURCE)
            .put(
                "baidu",
                "https://api.map.baidu.com/marker?location="
                    + fmt(bd[1])
                    + ","
                    + fmt(bd[0])
                    + "&title="
                    + q
                    + "&content="
                    + enc(s.address() == null ? name : s.address())
                    + "&coord_type=bd09ll&output=html&src=webapp."
                    + SOURCE)
            .put(
                "baidu_app",
                "baidumap://map/direction?destination=latlng:"
                    + fmt(bd[1])
                    + ","
                    + fmt(bd[0])
                    + "|name:"
                    + q
                    + "&coord_type=bd09ll&mode=walking&src="
                    + SOURCE)
            .put(
                "tencent",
                "https://apis.map.qq.com/uri/v1/routeplan?type=walk&to="
                    + q
                    + "&tocoord="
                    + fmt(gcj[1])
                    + ","
                    + fmt(gcj[0])
                    + "&referer="
                    + SOURCE)
            .put(
                "geo",
                "geo:" + fmt(lat) + "," + fmt(lon) + "?q=" + fmt(lat) + "," + fmt(lon) + "(" + q
                    + ")");
    return new JsonObject()
        .put("station_id", s.id())
        .put("wgs84", point(lat, lon))
        .put("gcj02", point(gcj[1], gcj[0]))
        .put("bd09", point(bd[1], bd[0]))
        .put("links", links);
  }

  private static JsonObject point(double lat, double lon) {
    return new JsonObject().put("lat", round6(lat)).put("lon", round6(lon));
  }

  /** Six decimals: about 10 cm, what the providers' URL APIs take. */
  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
