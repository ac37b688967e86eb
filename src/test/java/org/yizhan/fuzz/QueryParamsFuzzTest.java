package org.yizhan.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.api.ErrorCode;
import org.yizhan.api.ParamsAccess;
import org.yizhan.api.ProblemException;
import org.yizhan.error.Violation;
import org.yizhan.station.Amenity;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.StationKind;

/**
 * Verifies that any query string, decoded as Vert.x Web decodes a request's query, is either read
 * into values within their ranges, written as plain ASCII decimals, or refused with a {@link
 * ProblemException} naming the parameter; never another exception. The parameters are those of the
 * station routes (nearby, list, clusters).
 */
class QueryParamsFuzzTest {

  private static final Set<String> ALLOWED =
      Set.of(
          "lat",
          "lon",
          "limit",
          "offset",
          "radius_m",
          "zoom",
          "bbox",
          "amenity",
          "kind",
          "free_seats",
          "open_now",
          "open_24h",
          "include_closed");

  /** A plain decimal number: ASCII digits, optional sign, fraction and exponent. */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  static Stream<Arguments> examples() {
    return Stream.of(
            "lat=37.87&lon=112.55&limit=10&radius_m=5000&amenity=toilet,water&kind=urban_rest_station",
            "bbox=110.2,34.5,114.6,40.8&limit=1000&offset=0&include_closed=true",
            "bbox=110,34,115,41&zoom=7&open_now=1&open_24h=false&free_seats=true",
            "lat=-90&lon=180&radius_m=1",
            "lat=1e1&lon=-1.5E-3&limit=%2B5")
        .map(q -> Arguments.argumentSet(q, (Object) q.getBytes(StandardCharsets.UTF_8)));
  }

  @MethodSource("examples")
  @FuzzTest
  void queryIsReadOrRefused(byte[] input) {
    String query = new String(input, StandardCharsets.UTF_8);
    Map<String, List<String>> decoded;
    try {
      decoded = new QueryStringDecoder("/api/v1/stations?" + query).parameters();
    } catch (IllegalArgumentException e) {
      return; // a bad %-escape: Vert.x Web answers 400 before any route sees the query
    }
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    decoded.forEach(map::add);
    ParamsAccess p;
    try {
      p = ParamsAccess.of(map, ALLOWED);
    } catch (ProblemException e) {
      Refusals.check(e);
      return;
    }
    number(p, "lat", () -> p.requiredDouble("lat", -90, 90), -90, 90);
    number(p, "lon", () -> p.requiredDouble("lon", -180, 180), -180, 180);
    number(p, "radius_m", () -> p.optionalDouble("radius_m", 50_000, 1, 50_000), 1, 50_000);
    integer(p, "limit", () -> p.optionalInt("limit", 10, 1, 10_000), 1, 10_000);
    integer(
        p, "offset", () -> p.optionalInt("offset", 0, 0, Integer.MAX_VALUE), 0, Integer.MAX_VALUE);
    integer(p, "zoom", () -> p.optionalInt("zoom", 0, 0, 20), 0, 20);
    for (String flag : List.of("free_seats", "open_now", "open_24h", "include_closed")) {
      read(flag, () -> p.optionalBoolean(flag, false));
    }
    read("amenity", () -> p.multi("amenity").stream().map(Amenity::findByCode).toList());
    read("kind", () -> p.multi("kind").stream().map(StationKind::findByCode).toList());
    bbox(p);
  }

  private static void number(
      ParamsAccess p, String name, Supplier<Double> parse, double min, double max) {
    Double v = read(name, parse);
    if (v == null || p.single(name) == null) {
      return;
    }
    if (!(v >= min && v <= max)) {
      throw new AssertionError(name + " = " + v + " accepted outside [" + min + ", " + max + "]");
    }
    plain(name, p.single(name), DECIMAL);
  }

  private static void integer(
      ParamsAccess p, String name, Supplier<Integer> parse, int min, int max) {
    Integer v = read(name, parse);
    if (v == null || p.single(name) == null) {
      return;
    }
    if (v < min || v > max) {
      throw new AssertionError(name + " = " + v + " accepted outside [" + min + ", " + max + "]");
    }
    plain(name, p.single(name), INTEGER);
  }

  private static void bbox(ParamsAccess p) {
    String raw = read("bbox", () -> p.single("bbox"));
    if (raw == null) {
      return;
    }
    BoundingBox box = read("bbox", () -> ParamsAccess.bbox(raw));
    if (box == null) {
      return;
    }
    for (String part : raw.split(",", -1)) {
      plain("bbox", part.strip(), DECIMAL);
    }
    if (!(box.minLon() <= box.maxLon() && box.minLat() <= box.maxLat())) {
      throw new AssertionError("bbox " + raw + " accepted as " + box);
    }
  }

  /** The value, or null when refused with a problem that names this parameter. */
  private static <T> T read(String name, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (ProblemException e) {
      Refusals.check(e);
      if (e.code() != ErrorCode.INVALID_REQUEST
          || e.violations().stream().map(Violation::field).noneMatch(name::equals)) {
        throw new AssertionError(name + " refused without naming it: " + e.getMessage(), e);
      }
      return null;
    }
  }

  private static void plain(String name, String raw, Pattern grammar) {
    if (!grammar.matcher(raw).matches()) {
      throw new AssertionError(
          name + " = " + Storable.quoted(raw) + " accepted, but is not a plain ASCII number");
    }
  }
}
