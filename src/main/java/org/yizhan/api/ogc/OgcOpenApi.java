package org.yizhan.api.ogc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The OpenAPI 3.0 definition of the {@code /ogc} endpoints, as OGC API - Features' OpenAPI 3.0
 * conformance class asks: every path, its parameters (with {@code limit}'s default and maximum,
 * which GDAL reads to size its pages), answers and errors.
 */
final class OgcOpenApi {

  private OgcOpenApi() {}

  static JsonObject document(OgcRequest r, List<OgcCollection> collections) {
    JsonObject paths =
        new JsonObject()
            .put("/", get("The landing page", "getLandingPage", List.of(), json("landing page")))
            .put(
                "/conformance",
                get("The conformance classes", "getConformance", List.of(), json("conformance")))
            .put("/api", get("This API definition", "getApi", List.of(), json("the definition")))
            .put(
                "/collections",
                get("The feature collections", "getCollections", List.of(), json("collections")))
            .put(
                "/collections/{collectionId}",
                get(
                    "One collection",
                    "describeCollection",
                    List.of("collectionId"),
                    json("the collection")))
            .put(
                "/collections/{collectionId}/items",
                get(
                    "A page of a collection's features",
                    "getFeatures",
                    List.of(
                        "collectionId", "bbox", "limit", "offset", "datetime", "crs", "bbox-crs"),
                    geojson("a GeoJSON FeatureCollection with numberMatched and paging links")))
            .put(
                "/collections/{collectionId}/items/{featureId}",
                get(
                    "One feature",
                    "getFeature",
                    List.of("collectionId", "featureId", "crs"),
                    geojson("a GeoJSON Feature")));
    JsonArray ids = new JsonArray();
    collections.forEach(c -> ids.add(c.id()));
    return new JsonObject()
        .put("openapi", "3.0.3")
        .put(
            "info",
            new JsonObject()
                .put("title", "Yizhan OGC API - Features")
                .put("version", "1.0.0")
                .put(
                    "description",
                    "Rest stations with live values; device health for admins; and, for planners"
                        + " and super admins, each stored demand set (demand-<name>), candidate"
                        + " set (candidates-<name>) and kept scenario (scenario-<name>, its chosen"
                        + " sites). Non-public collections take a bearer token or session cookie,"
                        + " as the admin API."))
        .put("servers", new JsonArray().add(new JsonObject().put("url", r.href("/ogc"))))
        .put("paths", paths)
        .put("components", components(ids));
  }

  private static JsonObject get(
      String summary, String operationId, List<String> params, JsonObject ok) {
    JsonArray refs = new JsonArray();
    for (String p : params) {
      refs.add(new JsonObject().put("$ref", "#/components/parameters/" + p));
    }
    refs.add(new JsonObject().put("$ref", "#/components/parameters/f"));
    JsonObject problem = new JsonObject().put("$ref", "#/components/responses/Problem");
    return new JsonObject()
        .put(
            "get",
            new JsonObject()
                .put("summary", summary)
                .put("operationId", operationId)
                .put("parameters", refs)
                .put(
                    "responses",
                    new JsonObject()
                        .put("200", ok)
                        .put("400", problem)
                        .put("401", problem)
                        .put("404", problem)));
  }

  private static JsonObject json(String what) {
    return answer(what, OgcDocuments.JSON);
  }

  private static JsonObject geojson(String what) {
    return answer(what, OgcDocuments.GEOJSON);
  }

  private static JsonObject answer(String what, String type) {
    return new JsonObject()
        .put("description", what)
        .put(
            "content",
            new JsonObject()
                .put(type, new JsonObject().put("schema", new JsonObject().put("type", "object")))
                .put(
                    OgcDocuments.HTML,
                    new JsonObject().put("schema", new JsonObject().put("type", "string"))));
  }

  private static JsonObject param(String name, String in, String description, JsonObject schema) {
    return new JsonObject()
        .put("name", name)
        .put("in", in)
        .put("description", description)
        .put("required", in.equals("path"))
        .put("style", "form")
        .put("explode", false)
        .put("schema", schema);
  }

  private static JsonObject components(JsonArray ids) {
    JsonObject str = new JsonObject().put("type", "string");
    JsonObject params =
        new JsonObject()
            .put(
                "collectionId",
                param(
                        "collectionId",
                        "path",
                        "a collection's id: stations, device-health, demand-<name>,"
                            + " candidates-<name> or scenario-<name> (percent-encoded); the"
                            + " ones the caller may read now are listed",
                        str.copy().put("enum", ids))
                    .put("style", "simple"))
            .put(
                "featureId",
                param("featureId", "path", "a feature's id", str).put("style", "simple"))
            .put(
                "bbox",
                param(
                    "bbox",
                    "query",
                    "minLon,minLat,maxLon,maxLat in CRS84",
                    new JsonObject()
                        .put("type", "array")
                        .put("minItems", 4)
                        .put("maxItems", 4)
                        .put("items", new JsonObject().put("type", "number"))))
            .put(
                "limit",
                param(
                    "limit",
                    "query",
                    "features per page",
                    new JsonObject()
                        .put("type", "integer")
                        .put("minimum", 1)
                        .put("maximum", ItemsQuery.MAX_LIMIT)
                        .put("default", ItemsQuery.DEFAULT_LIMIT)))
            .put(
                "offset",
                param(
                    "offset",
                    "query",
                    "the paging position; follow the next and prev links instead of setting it",
                    new JsonObject().put("type", "integer").put("minimum", 0).put("default", 0)))
            .put(
                "datetime",
                param("datetime", "query", "checked; no feature has a time extent", str))
            .put("crs", param("crs", "query", "only CRS84", crs()))
            .put("bbox-crs", param("bbox-crs", "query", "only CRS84", crs()))
            .put(
                "f",
                param(
                    "f",
                    "query",
                    "the answer's format (else the Accept header)",
                    str.copy().put("enum", new JsonArray().add("json").add("html"))));
    JsonObject problem =
        new JsonObject()
            .put("description", "an RFC 9457 problem naming the field")
            .put(
                "content",
                new JsonObject()
                    .put(
                        "application/problem+json",
                        new JsonObject().put("schema", new JsonObject().put("type", "object"))));
    return new JsonObject()
        .put("parameters", params)
        .put("responses", new JsonObject().put("Problem", problem))
        .put(
            "securitySchemes",
            new JsonObject()
                .put("bearer", new JsonObject().put("type", "http").put("scheme", "bearer"))
                .put(
                    "session",
                    new JsonObject()
                        .put("type", "apiKey")
                        .put("in", "cookie")
                        .put("name", "yz_session")));
  }

  private static JsonObject crs() {
    return new JsonObject()
        .put("type", "string")
        .put("format", "uri")
        .put("enum", new JsonArray().add(OgcCrs.CRS84));
  }
}
