package org.yizhan.station;

import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yizhan.error.Violation;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.hours.InvalidOpeningHoursException;
import org.yizhan.station.hours.OpeningHours;
import org.yizhan.text.StoredText;
import org.yizhan.text.StrictNumbers;

/**
 * Turns loosely typed field values (from a JSON body, where types are strict, or from a CSV row,
 * where everything is text) into a valid {@link Station}, collecting every violation instead of
 * stopping at the first, so a client can fix a request or an import file in one go. (Over 300
 * lines: one checker per {@link StationColumn.Type}, kept together so their messages read alike.)
 */
public final class StationInput {

  /** Fields a client may send: the {@link StationColumn}s that are not read-only. */
  public static final Set<String> WRITABLE = Set.copyOf(StationColumn.labels(c -> !c.readOnly()));

  /**
   * Fields the server computes; accepted in input (so a fetched feature can be sent back) and
   * ignored: the read-only {@link StationColumn}s and what answers add to a feature.
   */
  public static final Set<String> READ_ONLY =
      Stream.concat(
              StationColumn.labels(StationColumn::readOnly).stream(),
              Stream.of(
                  "created_at",
                  "updated_at",
                  "distance_m",
                  "walking_time_min",
                  "open_state",
                  "next_change",
                  "walking_time_s",
                  "live",
                  "arrival"))
          .collect(Collectors.toUnmodifiableSet());

  static final int MAX_PHOTO_URL = (int) StationColumn.PHOTO_URL.max();

  private final Map<String, Object> fields;
  private final boolean textual;
  private final List<Violation> violations = new ArrayList<>();

  private StationInput(Map<String, Object> fields, boolean textual) {
    this.fields = fields;
    this.textual = textual;
  }

  /**
   * Reads a station. {@code textual} means every value arrives as a string (CSV); otherwise JSON
   * types are enforced. {@code id} comes from the fields unless {@code fixedId} is given.
   *
   * @return the station (version 0, not yet stored), or the violations
   */
  public static Result read(Map<String, Object> fields, boolean textual, String fixedId) {
    return new StationInput(fields, textual).read(fixedId);
  }

  /** Either a station or what is wrong with the input. */
  public record Result(Station station, List<Violation> violations) {
    public boolean ok() {
      return violations.isEmpty();
    }
  }

  private Result read(String fixedId) {
    for (String name : fields.keySet()) {
      if (!WRITABLE.contains(name) && !READ_ONLY.contains(name)) {
        violations.add(Violation.of(name, "unknown field"));
      }
    }
    String id = fixedId != null ? fixedId : text(StationColumn.ID);
    if (id != null && !Station.ID_PATTERN.matcher(id).matches()) {
      violations.add(
          Violation.of(
              "id",
              "must be 1-64 lower-case letters, digits or '-', starting with a letter or digit"));
    }
    String nameZh = text(StationColumn.NAME_ZH);
    String nameEn = text(StationColumn.NAME_EN);
    StationKind kind = code(StationColumn.KIND, StationKind::findByCode, StationKind.values());
    Double lat = number(StationColumn.LAT);
    Double lon = number(StationColumn.LON);
    Integer capacity = integer(StationColumn.CAPACITY);
    Set<Amenity> amenities = amenities();
    OpeningHours hours = hours();
    StationStatus status =
        code(StationColumn.STATUS, StationStatus::findByCode, StationStatus.values());
    Integer stars = integer(StationColumn.STAR_RATING);
    String address = text(StationColumn.ADDRESS);
    String city = text(StationColumn.CITY);
    String district = text(StationColumn.DISTRICT);
    String operator = text(StationColumn.OPERATOR);
    String phone = text(StationColumn.PHONE);
    String photoUrl = photoUrl();
    if (!violations.isEmpty()) {
      return new Result(null, violations);
    }
    Station s =
        new Station(
            id == null ? Station.PENDING_ID : id,
            nameZh,
            nameEn,
            kind,
            new WgsCoordinate(round7(lat), round7(lon)),
            address,
            city,
            district,
            capacity,
            amenities,
            hours,
            operator,
            phone,
            photoUrl,
            status == null ? StationStatus.ACTIVE : status,
            stars,
            0,
            null,
            null);
    return new Result(s, List.of());
  }

  /** Stations are placed to about a centimetre; rounding here makes exports round-trip exactly. */
  static double round7(double v) {
    return Math.round(v * 1e7) / 1e7;
  }

  private Object raw(String name) {
    Object v = fields.get(name);
    if (v instanceof String s && textual && s.isBlank()) {
      return null;
    }
    return v;
  }

  private String text(StationColumn column) {
    String name = column.label();
    boolean required = column.required();
    long max = column.max();
    Object v = raw(name);
    if (v == null) {
      if (required) {
        violations.add(Violation.of(name, "is required"));
      }
      return null;
    }
    if (!(v instanceof String s)) {
      violations.add(Violation.of(name, "must be a string"));
      return null;
    }
    String t = s.strip();
    if (t.isEmpty()) {
      if (required) {
        violations.add(Violation.of(name, "must not be blank"));
      }
      return null;
    }
    if (t.length() > max) {
      violations.add(Violation.of(name, "must be at most " + max + " characters"));
      return null;
    }
    String problem = StoredText.problem(t, false);
    if (problem != null) {
      violations.add(Violation.of(name, problem));
      return null;
    }
    return t;
  }

  private Double number(StationColumn column) {
    String name = column.label();
    long min = column.min();
    long max = column.max();
    Object v = raw(name);
    if (v == null) {
      if (column.required()) {
        violations.add(Violation.of(name, "is required"));
      }
      return null;
    }
    Double d = null;
    if (v instanceof Number n) {
      d = n.doubleValue();
    } else if (textual && v instanceof String s) {
      d = StrictNumbers.decimal(s.strip());
    }
    if (d == null || !Double.isFinite(d)) {
      violations.add(Violation.of(name, "must be a number"));
      return null;
    }
    if (d < min || d > max) {
      violations.add(Violation.of(name, "must be between " + min + " and " + max));
      return null;
    }
    return d;
  }

  private Integer integer(StationColumn column) {
    String name = column.label();
    long min = column.min();
    long max = column.max();
    Object v = raw(name);
    if (v == null) {
      if (column.required()) {
        violations.add(Violation.of(name, "is required"));
      }
      return null;
    }
    Long l = null;
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      l = ((Number) v).longValue();
    } else if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      l = (long) n.doubleValue();
    } else if (textual && v instanceof String s) {
      l = StrictNumbers.integer(s.strip());
    }
    if (l == null) {
      violations.add(Violation.of(name, "must be an integer"));
      return null;
    }
    if (l < min || l > max) {
      violations.add(Violation.of(name, "must be between " + min + " and " + max));
      return null;
    }
    return l.intValue();
  }

  private <E extends Enum<E>> E code(
      StationColumn column,
      java.util.function.Function<String, java.util.Optional<E>> find,
      E[] all) {
    String name = column.label();
    String t = text(column);
    if (t == null) {
      return null;
    }
    return find.apply(t)
        .orElseGet(
            () -> {
              violations.add(
                  Violation.of(name, "unknown value '" + t + "', expected one of " + codes(all)));
              return null;
            });
  }

  private Set<Amenity> amenities() {
    Object v = raw(StationColumn.AMENITIES.label());
    Set<Amenity> out = EnumSet.noneOf(Amenity.class);
    if (v == null) {
      return out;
    }
    List<?> items;
    if (v instanceof JsonArray a) {
      items = a.getList();
    } else if (v instanceof List<?> l) {
      items = l;
    } else if (textual && v instanceof String s) {
      items = List.of(s.split("[;|]"));
    } else {
      violations.add(
          Violation.of(StationColumn.AMENITIES.label(), "must be an array of amenity codes"));
      return out;
    }
    for (Object item : items) {
      if (!(item instanceof String code)) {
        violations.add(
            Violation.of(StationColumn.AMENITIES.label(), "must be an array of amenity codes"));
        return out;
      }
      if (textual && code.isBlank()) {
        continue;
      }
      var a = Amenity.findByCode(code);
      if (a.isEmpty()) {
        violations.add(
            Violation.of(
                StationColumn.AMENITIES.label(),
                "unknown amenity '"
                    + code.strip()
                    + "', expected one of "
                    + codes(Amenity.values())));
      } else {
        out.add(a.get());
      }
    }
    return out;
  }

  private OpeningHours hours() {
    String t = text(StationColumn.OPENING_HOURS);
    if (t == null) {
      return null;
    }
    try {
      return OpeningHours.parse(t);
    } catch (InvalidOpeningHoursException e) {
      violations.add(Violation.of(StationColumn.OPENING_HOURS.label(), e.getMessage()));
      return null;
    }
  }

  /**
   * The optional photo: an absolute {@code https://} URL with a host and no user-info, or a path on
   * this server ({@code /photos/x.jpg}, not the scheme-relative {@code //host/x.jpg}). Anything
   * else ({@code http:}, {@code javascript:}, {@code data:}) would be shown to workers as is.
   */
  private String photoUrl() {
    String t = text(StationColumn.PHOTO_URL);
    if (t == null) {
      return null;
    }
    String reason = photoUrlProblem(t);
    if (reason != null) {
      violations.add(Violation.of(StationColumn.PHOTO_URL.label(), reason));
      return null;
    }
    return t;
  }

  private static String photoUrlProblem(String t) {
    String expected = "must be an https:// URL or a path on this server starting with /";
    URI uri;
    try {
      uri = new URI(t);
    } catch (URISyntaxException e) {
      return expected + " (" + e.getReason() + ")";
    }
    if (t.startsWith("/")) {
      if (t.startsWith("//") || uri.getScheme() != null || uri.getRawAuthority() != null) {
        return expected + ", not //host/...";
      }
      return null;
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      return expected;
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return expected + " (the URL has no host)";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not carry a user name or password";
    }
    return null;
  }

  private static String codes(Enum<?>[] all) {
    StringBuilder sb = new StringBuilder();
    for (Enum<?> e : all) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(e.name().toLowerCase(java.util.Locale.ROOT));
    }
    return sb.toString();
  }
}
