package org.yizhan.station;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yizhan.json.JsonText;

/**
 * The one list of a station's fields as clients write them: in CSV header order, each with its
 * type, whether it is required, whether the server computes it (read-only), its limits and its CSV
 * cell. {@link StationCsv} writes and checks headers from it; {@link StationInput} checks values
 * against it.
 */
public enum StationColumn {
  ID("id", Type.TEXT, Use.OPTIONAL, 0, 64, Station::id),
  NAME_ZH("name_zh", Type.TEXT, Use.REQUIRED, 0, StationColumn.MAX_TEXT, Station::nameZh),
  NAME_EN("name_en", Type.TEXT, Use.OPTIONAL, 0, StationColumn.MAX_TEXT, Station::nameEn),
  KIND("kind", Type.CODE, Use.REQUIRED, 0, StationColumn.MAX_CODE, s -> s.kind().code()),
  LAT("lat", Type.NUMBER, Use.REQUIRED, -90, 90, s -> plain(s.location().lat())),
  LON("lon", Type.NUMBER, Use.REQUIRED, -180, 180, s -> plain(s.location().lon())),
  ADDRESS("address", Type.TEXT, Use.OPTIONAL, 0, 500, Station::address),
  CITY("city", Type.TEXT, Use.OPTIONAL, 0, StationColumn.MAX_TEXT, Station::city),
  DISTRICT("district", Type.TEXT, Use.OPTIONAL, 0, StationColumn.MAX_TEXT, Station::district),
  CAPACITY("capacity", Type.INTEGER, Use.REQUIRED, 1, Station.MAX_CAPACITY, Station::capacity),
  AMENITIES(
      "amenities",
      Type.CODES,
      Use.OPTIONAL,
      0,
      0,
      s -> s.amenities().stream().map(Amenity::code).collect(Collectors.joining(";"))),
  OPENING_HOURS("opening_hours", Type.HOURS, Use.REQUIRED, 0, 500, s -> s.openingHours().spec()),
  OPERATOR("operator", Type.TEXT, Use.OPTIONAL, 0, StationColumn.MAX_TEXT, Station::operator),
  PHONE("phone", Type.TEXT, Use.OPTIONAL, 0, 40, Station::phone),
  PHOTO_URL("photo_url", Type.URL, Use.OPTIONAL, 0, 500, Station::photoUrl),
  STATUS("status", Type.CODE, Use.OPTIONAL, 0, StationColumn.MAX_CODE, s -> s.status().code()),
  STAR_RATING("star_rating", Type.INTEGER, Use.OPTIONAL, 1, 5, Station::starRating),
  VERSION("version", Type.INTEGER, Use.READ_ONLY, 0, Long.MAX_VALUE, Station::version);

  /** How a value is written: as JSON it has this type, in CSV it is text that parses as it. */
  public enum Type {
    /** A string of at most {@code max} characters. */
    TEXT,
    /** A finite decimal number between {@code min} and {@code max}. */
    NUMBER,
    /** A whole number between {@code min} and {@code max}. */
    INTEGER,
    /** One code of an enumeration, at most {@code max} characters. */
    CODE,
    /** Amenity codes: a JSON array, or in CSV joined with {@code ;}. */
    CODES,
    /** An OSM {@code opening_hours} value of at most {@code max} characters. */
    HOURS,
    /** An {@code https://} URL or a path on this server, at most {@code max} characters. */
    URL
  }

  /** Whether a client must send the column, may send it, or gets it from the server. */
  public enum Use {
    REQUIRED,
    OPTIONAL,
    /**
     * Computed by the server; accepted in input (so a fetched station can be sent back), ignored.
     */
    READ_ONLY
  }

  private static final int MAX_TEXT = 200;
  private static final int MAX_CODE = 64;

  private static final List<StationColumn> ALL = List.of(values());

  private final String label;
  private final Type type;
  private final Use use;
  private final long min;
  private final long max;
  private final Function<Station, Object> cell;

  StationColumn(
      String label, Type type, Use use, long min, long max, Function<Station, Object> cell) {
    this.label = label;
    this.type = type;
    this.use = use;
    this.min = min;
    this.max = max;
    this.cell = cell;
  }

  /** Every column, in CSV header order. */
  public static List<StationColumn> all() {
    return ALL;
  }

  /** The field's name in CSV headers and GeoJSON properties. */
  public String label() {
    return label;
  }

  public Type type() {
    return type;
  }

  public boolean required() {
    return use == Use.REQUIRED;
  }

  public boolean readOnly() {
    return use == Use.READ_ONLY;
  }

  /** The lower bound of a number, unused for text. */
  public long min() {
    return min;
  }

  /** The upper bound of a number, or the longest text in characters. */
  public long max() {
    return max;
  }

  /** The station's value as a CSV cell: text, a number, or {@code null} for an empty cell. */
  public Object cell(Station s) {
    return cell.apply(s);
  }

  /** The labels of the columns that pass {@code which}, in header order. */
  static List<String> labels(java.util.function.Predicate<StationColumn> which) {
    return Arrays.stream(values()).filter(which).map(StationColumn::label).toList();
  }

  private static String plain(double v) {
    return JsonText.fixed(new StringBuilder(), v, 7).toString();
  }
}
