package org.yizhan.api.ogc;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.yizhan.json.JsonText;

/**
 * A page of items as a GeoJSON FeatureCollection with the OGC members: {@code timeStamp}, {@code
 * numberMatched}, {@code numberReturned} and links ({@code self}, {@code alternate}, {@code
 * collection}, and {@code next}/{@code prev} that a client just follows).
 */
final class ItemsAnswer {

  private ItemsAnswer() {}

  static JsonArray links(OgcRequest r, OgcCollection c, ItemsQuery q, OgcCollection.Page page) {
    String path = OgcCollection.path(c.id()) + "/items";
    boolean html = r.html();
    String me = html ? "html" : "json";
    String other = html ? "json" : "html";
    JsonArray links =
        new JsonArray()
            .add(
                OgcDocuments.link(
                    r.href(path + query(me, q, q.offset())),
                    "self",
                    html ? OgcDocuments.HTML : OgcDocuments.GEOJSON,
                    "this page"))
            .add(
                OgcDocuments.link(
                    r.href(path + query(other, q, q.offset())),
                    "alternate",
                    html ? OgcDocuments.GEOJSON : OgcDocuments.HTML,
                    "this page as " + other.toUpperCase(java.util.Locale.ROOT)))
            .add(
                OgcDocuments.link(
                    r.href(OgcCollection.path(c.id())),
                    "collection",
                    OgcDocuments.JSON,
                    c.title()));
    String type = html ? OgcDocuments.HTML : OgcDocuments.GEOJSON;
    if ((long) q.offset() + page.features().size() < page.matched()) {
      links.add(
          OgcDocuments.link(
              r.href(path + query(me, q, q.offset() + page.features().size())),
              "next",
              type,
              "next page"));
    }
    if (q.offset() > 0) {
      links.add(
          OgcDocuments.link(
              r.href(path + query(me, q, Math.max(0, q.offset() - q.limit()))),
              "prev",
              type,
              "previous page"));
    }
    return links;
  }

  private static String query(String f, ItemsQuery q, int offset) {
    StringBuilder sb = new StringBuilder("?f=").append(f);
    if (q.rawBox() != null) {
      sb.append("&bbox=").append(URLEncoder.encode(q.rawBox(), StandardCharsets.UTF_8));
    }
    sb.append("&limit=").append(q.limit());
    if (offset > 0) {
      sb.append("&offset=").append(offset);
    }
    return sb.toString();
  }

  /** The GeoJSON answer, written straight from the rendered features. */
  static Buffer geojson(OgcCollection.Page page, JsonArray links, Instant now) {
    Buffer b = Buffer.buffer(256 + page.features().size() * 900);
    StringBuilder sb = new StringBuilder(512);
    sb.append("{\"type\":\"FeatureCollection\",\"timeStamp\":\"");
    JsonText.instantMillis(sb, now)
        .append("\",\"numberMatched\":")
        .append(page.matched())
        .append(",\"numberReturned\":")
        .append(page.features().size())
        .append(",\"links\":")
        .append(links.encode())
        .append(",\"features\":[");
    b.appendString(sb.toString());
    for (int i = 0; i < page.features().size(); i++) {
      if (i > 0) {
        b.appendByte((byte) ',');
      }
      b.appendString(page.features().get(i));
    }
    return b.appendString("]}");
  }
}
