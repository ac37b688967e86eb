package org.yizhan.api.ogc;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.yizhan.api.ProblemException;
import org.yizhan.error.Violation;
import org.yizhan.text.StoredText;

/**
 * What every OGC request shares: its query parameters, checked against the ones its resource knows
 * (OGC API - Features answers an unknown parameter with 400), the answer's format ({@code
 * f=json|html}, else the {@code Accept} header) and the base of absolute links.
 */
final class OgcRequest {

  /** The formats an answer comes in. */
  enum Format {
    JSON,
    HTML
  }

  private final MultiMap params;
  private final Format format;
  private final String base;

  private OgcRequest(MultiMap params, Format format, String base) {
    this.params = params;
    this.format = format;
    this.base = base;
  }

  /** Reads the request, refusing parameters other than {@code f} and {@code allowed}. */
  static OgcRequest of(RoutingContext ctx, Set<String> allowed) {
    MultiMap params = ctx.queryParams();
    List<Violation> unknown = new ArrayList<>();
    for (String name : params.names()) {
      if (!name.equals("f") && !name.equals("_") && !allowed.contains(name)) {
        Set<String> known = new TreeSet<>(allowed);
        known.add("f");
        unknown.add(Violation.of(name, "unknown parameter; known: " + String.join(", ", known)));
      }
    }
    if (!unknown.isEmpty()) {
      throw ProblemException.invalid(unknown);
    }
    for (var e : params.entries()) {
      String problem = StoredText.problem(e.getValue(), false);
      if (problem != null) {
        throw ProblemException.invalid(e.getKey(), problem);
      }
    }
    OgcRequest once = new OgcRequest(params, Format.JSON, "");
    return new OgcRequest(params, format(once.single("f"), ctx), base(ctx));
  }

  private static Format format(String f, RoutingContext ctx) {
    if (f != null) {
      return switch (f) {
        case "json", "geojson" -> Format.JSON;
        case "html" -> Format.HTML;
        default ->
            throw ProblemException.invalid("f", "must be json or html, got '" + clip(f) + "'");
      };
    }
    String accept = ctx.request().getHeader("Accept");
    if (accept == null) {
      return Format.JSON;
    }
    int html = accept.indexOf("text/html");
    int json = accept.indexOf("json");
    return html >= 0 && (json < 0 || html < json) ? Format.HTML : Format.JSON;
  }

  /**
   * {@code http://host:port} as the client addressed this server; {@code https} when a trusted
   * proxy says the client used it.
   */
  private static String base(RoutingContext ctx) {
    URI u = URI.create(ctx.request().absoluteURI());
    String scheme = org.yizhan.api.ClientAddress.https(ctx) ? "https" : u.getScheme();
    return scheme + "://" + u.getRawAuthority();
  }

  Format format() {
    return format;
  }

  boolean html() {
    return format == Format.HTML;
  }

  /** An absolute link to a path of this server ({@code /ogc/...}). */
  String href(String path) {
    return base + path;
  }

  /** The single value of a parameter, or null; blank counts as absent. */
  String single(String name) {
    List<String> all = params.getAll(name);
    if (all.isEmpty()) {
      return null;
    }
    if (all.size() > 1) {
      throw ProblemException.invalid(name, "given more than once");
    }
    String v = all.get(0).strip();
    return v.isEmpty() ? null : v;
  }

  /** A path segment (a collection or feature id) percent-encoded as RFC 3986 asks. */
  static String segment(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
