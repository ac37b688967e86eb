package org.yizhan.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The machine-readable description of this API ({@code GET /api/v1/openapi.json}) and a page to
 * browse it ({@code GET /api/v1/docs}, Swagger UI from its WebJar in the jar: no CDN). The document
 * is kept by hand in {@value #DOCUMENT} and read once; a test holds it to the routes the server
 * really mounts.
 */
final class ApiDocs {

  /** The hand-kept OpenAPI 3.1 document, YAML on the class path. */
  static final String DOCUMENT = "openapi/yizhan-api.yaml";

  private static final String PAGE = "openapi/docs.html";
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

  private final Buffer json;
  private final Buffer page;
  private final String swaggerUi;

  private ApiDocs(Buffer json, Buffer page, String swaggerUi) {
    this.json = json;
    this.page = page;
    this.swaggerUi = swaggerUi;
  }

  /** Reads the document, the page and the Swagger UI version from the class path. */
  static ApiDocs load() {
    return new ApiDocs(
        Buffer.buffer(document().encode()), Buffer.buffer(text(PAGE)), swaggerUiVersion());
  }

  /** The document as JSON. */
  static JsonObject document() {
    try (Reader r = new InputStreamReader(open(DOCUMENT), StandardCharsets.UTF_8)) {
      Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      return new JsonObject(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void mount(Router router) {
    router.get("/api/v1/openapi.json").handler(this::document);
    router.get("/api/v1/docs").handler(this::page);
    router
        .route("/vendor/swagger-ui/*")
        .handler(StaticHandler.create(WEBJAR + swaggerUi).setMaxAgeSeconds(86_400));
  }

  private void document(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache")
        .end(json);
  }

  private void page(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .end(page);
  }

  private static String swaggerUiVersion() {
    Properties p = new Properties();
    try (InputStream in = open("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  private static String text(String resource) {
    try (InputStream in = open(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("missing from the class path: " + resource);
    }
    return in;
  }
}
