package org.yizhan.api.ogc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The JSON of the landing page, conformance declaration and collection descriptions. */
final class OgcDocuments {

  static final String GEOJSON = "application/geo+json";
  static final String JSON = "application/json";
  static final String HTML = "text/html";
  static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";

  static final List<String> CONFORMANCE =
      List.of(
          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
          "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");

  private OgcDocuments() {}

  static JsonObject link(String href, String rel, String type, String title) {
    JsonObject l = new JsonObject().put("href", href).put("rel", rel).put("type", type);
    return title == null ? l : l.put("title", title);
  }

  /** {@code self} in the format answered and {@code alternate} in the other one. */
  static JsonArray selfAndAlternate(OgcRequest r, String path, String jsonType) {
    boolean html = r.html();
    return new JsonArray()
        .add(
            link(
                r.href(path + "?f=" + (html ? "html" : "json")),
                "self",
                html ? HTML : jsonType,
                "this document"))
        .add(
            link(
                r.href(path + "?f=" + (html ? "json" : "html")),
                "alternate",
                html ? jsonType : HTML,
                html ? "this document as JSON" : "this document as HTML"));
  }

  static JsonObject landing(OgcRequest r) {
    JsonArray links = selfAndAlternate(r, "/ogc", JSON);
    links
        .add(link(r.href("/ogc/api"), "service-desc", OPENAPI, "the API definition (OpenAPI 3.0)"))
        .add(link(r.href("/ogc/api?f=html"), "service-doc", HTML, "the API documentation"))
        .add(link(r.href("/ogc/conformance"), "conformance", JSON, "conformance classes"))
        .add(
            link(
                r.href("/ogc/conformance"),
                "http://www.opengis.net/def/rel/ogc/1.0/conformance",
                JSON,
                "conformance classes"))
        .add(link(r.href("/ogc/collections"), "data", JSON, "the feature collections"))
        .add(
            link(
                r.href("/ogc/collections"),
                "http://www.opengis.net/def/rel/ogc/1.0/data",
                JSON,
                "the feature collections"));
    return new JsonObject()
        .put("title", "Yizhan rest stations")
        .put(
            "description",
            "The Yizhan network of rest stations for outdoor workers, with live values, as OGC API"
                + " - Features.")
        .put("links", links);
  }

  static JsonObject conformance(OgcRequest r) {
    return new JsonObject()
        .put("links", selfAndAlternate(r, "/ogc/conformance", JSON))
        .put("conformsTo", new JsonArray(CONFORMANCE));
  }

  static JsonObject collections(OgcRequest r, List<OgcCollection> visible) {
    JsonArray all = new JsonArray();
    for (OgcCollection c : visible) {
      all.add(collection(r, c, false));
    }
    return new JsonObject()
        .put("links", selfAndAlternate(r, "/ogc/collections", JSON))
        .put("crs", new JsonArray().add(OgcCrs.CRS84))
        .put("collections", all);
  }

  static JsonObject collection(OgcRequest r, OgcCollection c, boolean self) {
    String path = OgcCollection.path(c.id());
    JsonArray links = self ? selfAndAlternate(r, path, JSON) : new JsonArray();
    if (!self) {
      links.add(link(r.href(path), "self", JSON, c.title()));
    }
    links
        .add(link(r.href(path + "/items?f=json"), "items", GEOJSON, c.title() + " as GeoJSON"))
        .add(link(r.href(path + "/items?f=html"), "items", HTML, c.title() + " as HTML"));
    double[] e = c.extent();
    JsonObject extent =
        new JsonObject()
            .put(
                "spatial",
                new JsonObject()
                    .put(
                        "bbox",
                        new JsonArray()
                            .add(new JsonArray().add(e[0]).add(e[1]).add(e[2]).add(e[3])))
                    .put("crs", OgcCrs.CRS84));
    return new JsonObject()
        .put("id", c.id())
        .put("title", c.title())
        .put("description", c.description())
        .put("itemType", "feature")
        .put("extent", extent)
        .put("crs", new JsonArray().add(OgcCrs.CRS84))
        .put("storageCrs", OgcCrs.CRS84)
        .put("links", links);
  }
}
