package org.yizhan.api.ogc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The HTML an analyst clicks through: landing page, conformance, collections, a collection, its
 * items and one feature. Plain server-rendered pages, no scripts and nothing from elsewhere; every
 * text from data is escaped.
 */
final class OgcHtml {

  private OgcHtml() {}

  static String escape(Object o) {
    if (o == null) {
      return "";
    }
    String s = o.toString();
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static StringBuilder page(String title, List<String[]> trail) {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(escape(title))
        .append("</title><style>body{font-family:sans-serif;margin:1.5em;max-width:80em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;")
        .append("text-align:left;vertical-align:top}nav a{margin-right:.5em}</style></head><body>")
        .append("<nav>");
    for (String[] crumb : trail) {
      sb.append("<a href=\"").append(escape(crumb[0])).append("\">").append(escape(crumb[1]));
      sb.append("</a> / ");
    }
    return sb.append("</nav><h1>").append(escape(title)).append("</h1>");
  }

  private static String end(StringBuilder sb) {
    return sb.append("</body></html>").toString();
  }

  private static void links(StringBuilder sb, JsonArray links) {
    sb.append("<ul>");
    for (Object o : links) {
      JsonObject l = (JsonObject) o;
      sb.append("<li><a href=\"")
          .append(escape(l.getString("href")))
          .append("\">")
          .append(escape(l.getString("title", l.getString("href"))))
          .append("</a> (")
          .append(escape(l.getString("rel")))
          .append(", ")
          .append(escape(l.getString("type")))
          .append(")</li>");
    }
    sb.append("</ul>");
  }

  static String landing(JsonObject doc) {
    StringBuilder sb = page(doc.getString("title"), List.of());
    sb.append("<p>").append(escape(doc.getString("description"))).append("</p>");
    links(sb, doc.getJsonArray("links"));
    return end(sb);
  }

  static String conformance(JsonObject doc) {
    StringBuilder sb = page("Conformance", List.<String[]>of(new String[] {"/ogc?f=html", "Home"}));
    sb.append("<ul>");
    for (Object c : doc.getJsonArray("conformsTo")) {
      sb.append("<li>").append(escape(c)).append("</li>");
    }
    return end(sb.append("</ul>"));
  }

  static String collections(JsonObject doc) {
    StringBuilder sb = page("Collections", List.<String[]>of(new String[] {"/ogc?f=html", "Home"}));
    sb.append("<table><tr><th>Collection</th><th>Description</th><th>Items</th></tr>");
    for (Object o : doc.getJsonArray("collections")) {
      JsonObject c = (JsonObject) o;
      String id = c.getString("id");
      sb.append("<tr><td><a href=\"")
          .append(escape(OgcCollection.path(id)))
          .append("?f=html\">")
          .append(escape(c.getString("title")))
          .append("</a></td><td>")
          .append(escape(c.getString("description")))
          .append("</td><td><a href=\"")
          .append(escape(OgcCollection.path(id)))
          .append("/items?f=html\">items</a></td></tr>");
    }
    return end(sb.append("</table>"));
  }

  static String collection(JsonObject c) {
    StringBuilder sb =
        page(
            c.getString("title"),
            List.of(
                new String[] {"/ogc?f=html", "Home"},
                new String[] {"/ogc/collections?f=html", "Collections"}));
    sb.append("<p>")
        .append(escape(c.getString("description")))
        .append("</p><p>Extent (CRS84): ")
        .append(escape(c.getJsonObject("extent").getJsonObject("spatial").getJsonArray("bbox")))
        .append("</p>");
    links(sb, c.getJsonArray("links"));
    return end(sb);
  }

  static String items(
      OgcCollection c, JsonArray features, int matched, JsonArray links, List<String> columns) {
    String base = OgcCollection.path(c.id());
    StringBuilder sb =
        page(
            c.title() + ": items",
            List.of(
                new String[] {"/ogc?f=html", "Home"},
                new String[] {"/ogc/collections?f=html", "Collections"},
                new String[] {base + "?f=html", c.title()}));
    sb.append("<p>").append(features.size()).append(" of ").append(matched).append(" features. ");
    for (Object o : links) {
      JsonObject l = (JsonObject) o;
      String rel = l.getString("rel");
      if (rel.equals("prev") || rel.equals("next") || rel.equals("alternate")) {
        sb.append("<a href=\"")
            .append(escape(l.getString("href")))
            .append("\">")
            .append(rel.equals("alternate") ? "GeoJSON" : escape(rel))
            .append("</a> ");
      }
    }
    sb.append("</p><table><tr><th>lon, lat</th>");
    for (String col : columns) {
      sb.append("<th>").append(escape(col)).append("</th>");
    }
    sb.append("</tr>");
    for (Object o : features) {
      JsonObject f = (JsonObject) o;
      JsonObject p = f.getJsonObject("properties");
      sb.append("<tr><td>").append(escape(coordinates(f))).append("</td>");
      for (String col : columns) {
        sb.append("<td>");
        if (col.equals("id")) {
          sb.append("<a href=\"")
              .append(
                  escape(base + "/items/" + OgcRequest.segment(String.valueOf(f.getValue("id")))))
              .append("?f=html\">")
              .append(escape(p.getValue(col)))
              .append("</a>");
        } else {
          sb.append(escape(p.getValue(col)));
        }
        sb.append("</td>");
      }
      sb.append("</tr>");
    }
    return end(sb.append("</table>"));
  }

  static String feature(OgcCollection c, JsonObject f, List<String> columns) {
    String base = OgcCollection.path(c.id());
    StringBuilder sb =
        page(
            c.title() + ": " + f.getString("id"),
            List.of(
                new String[] {"/ogc?f=html", "Home"},
                new String[] {"/ogc/collections?f=html", "Collections"},
                new String[] {base + "?f=html", c.title()},
                new String[] {base + "/items?f=html", "Items"}));
    sb.append("<table><tr><th>lon, lat</th><td>")
        .append(escape(coordinates(f)))
        .append("</td></tr>");
    JsonObject p = f.getJsonObject("properties");
    for (String col : columns) {
      sb.append("<tr><th>")
          .append(escape(col))
          .append("</th><td>")
          .append(escape(p.getValue(col)))
          .append("</td></tr>");
    }
    sb.append("</table><p><a href=\"")
        .append(escape(base + "/items/" + OgcRequest.segment(String.valueOf(f.getValue("id")))))
        .append("?f=json\">GeoJSON</a></p>");
    return end(sb);
  }

  static String api(JsonObject openapi) {
    StringBuilder sb =
        page("API definition", List.<String[]>of(new String[] {"/ogc?f=html", "Home"}));
    sb.append("<p>OpenAPI 3.0: <a href=\"/ogc/api?f=json\">the JSON document</a></p><table>")
        .append("<tr><th>Path</th><th>Summary</th></tr>");
    for (var e : openapi.getJsonObject("paths")) {
      JsonObject get = ((JsonObject) e.getValue()).getJsonObject("get");
      sb.append("<tr><td>GET /ogc")
          .append(escape(e.getKey().equals("/") ? "" : e.getKey()))
          .append("</td><td>")
          .append(escape(get.getString("summary")))
          .append("</td></tr>");
    }
    return end(sb.append("</table>"));
  }

  private static String coordinates(JsonObject f) {
    JsonObject g = f.getJsonObject("geometry");
    return g == null ? "" : g.getJsonArray("coordinates").encode();
  }
}
