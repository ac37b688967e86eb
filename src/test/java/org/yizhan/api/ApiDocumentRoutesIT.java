package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The OpenAPI document names exactly the routes a started server mounts on its real Vert.x router:
 * a new route missing from the document, or a documented route that is gone, fails the build.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ApiDocumentRoutesIT {

  /**
   * Routes that are not API operations, each with the reason it is left out. A route is "METHOD
   * path", "*" for any method, a trailing "*" for a prefix.
   */
  private static final Map<String, String> NOT_OPERATIONS =
      Map.of(
          "* /api/*",
          "refuses control characters in any API path before routing; no answer itself",
          "POST /api/*",
          "reads request bodies for the routes after it (size limits by kind)",
          "PUT /api/*",
          "reads request bodies for the routes after it (size limits by kind)",
          "PATCH /api/*",
          "reads request bodies for the routes after it (size limits by kind)",
          "* /vendor/leaflet/*",
          "static files of the map library (WebJar)",
          "* /vendor/swagger-ui/*",
          "static files of the API page's library (WebJar)",
          "GET /manifest.webmanifest",
          "the phone map's web app manifest, a static file served with its own content type",
          "* /*",
          "the static web pages (map, console) from webroot");

  /** OGC API - Features has its own document at /ogc/api. */
  private static final String OGC_PREFIX = "/ogc";

  private static Server server;

  @BeforeAll
  static void start() throws Exception {
    // With the broker hooks on, so that every documented route is mounted.
    server =
        TestServers.start(Optional.empty(), c -> c.withBrokerHookToken("api-document-hook-token"));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /** "METHOD /path/:param" for every operation of the document. */
  private static Set<String> documented(JsonObject doc) {
    Set<String> out = new TreeSet<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      String routerPath = path.replaceAll("\\{([^}/]+)}", ":$1");
      for (String key : paths.getJsonObject(path).fieldNames()) {
        if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace")
            .contains(key)) {
          out.add(key.toUpperCase(java.util.Locale.ROOT) + " " + routerPath);
        }
      }
    }
    return out;
  }

  /** "METHOD /path/:param" for every route the server mounted, less the exclusions. */
  private static Set<String> mounted() {
    Set<String> out = new TreeSet<>();
    for (String route : server.httpRoutes()) {
      String path = route.substring(route.indexOf(' ') + 1);
      if (NOT_OPERATIONS.containsKey(route) || path.startsWith(OGC_PREFIX)) {
        continue;
      }
      out.add(route);
    }
    return out;
  }

  /** Verifies that every mounted route is documented and every documented route is mounted. */
  @Test
  void documentNamesExactlyTheMountedRoutes() {
    Set<String> documented = documented(ApiDocs.document());
    Set<String> mounted = mounted();

    Set<String> undocumented = new TreeSet<>(mounted);
    undocumented.removeAll(documented);
    Set<String> gone = new TreeSet<>(documented);
    gone.removeAll(mounted);

    assertThat(undocumented).as("routes the server mounts that the document lacks").isEmpty();
    assertThat(gone).as("routes the document names that the server does not mount").isEmpty();
    assertThat(mounted).as("the check saw the API").hasSizeGreaterThan(60);
  }

  /** Verifies that each exclusion still matches a mounted route, so none hides a new one. */
  @Test
  void everyExclusionStillMatchesAMountedRoute() {
    assertThat(server.httpRoutes()).containsAll(NOT_OPERATIONS.keySet());
  }

  /** Verifies that the document is served as JSON, the same as the resource, and the page loads. */
  @Test
  void documentAndPageAreServed() throws Exception {
    Http http = new Http(server.port());
    HttpResponse<String> doc = http.get("/api/v1/openapi.json?f=json");
    HttpResponse<String> page = http.get("/api/v1/docs");
    String bundle =
        page.body().replaceAll("(?s).*src=\"(/vendor/swagger-ui/[^\"]+\\.js)\".*", "$1");
    HttpResponse<String> script = http.get(bundle);
    HttpResponse<String> start = http.get("/api-docs/start.js");

    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(new JsonObject(doc.body())).isEqualTo(ApiDocs.document());
    assertThat(new JsonObject(doc.body()).getString("openapi")).startsWith("3.1");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).doesNotContain("//cdn").doesNotContain("https://");
    assertThat(script.statusCode()).as(bundle).isEqualTo(200);
    assertThat(script.body()).contains("SwaggerUIBundle");
    assertThat(start.statusCode()).isEqualTo(200);
    assertThat(start.body()).contains("/api/v1/openapi.json");
  }
}
