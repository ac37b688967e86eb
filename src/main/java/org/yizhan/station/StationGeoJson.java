package org.yizhan.station;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yizhan.error.Violation;
import org.yizhan.json.JsonText;

/**
 * Stations as GeoJSON (RFC 7946) features: {@code [lon, lat]} Point geometry, the station's fields
 * as snake_case properties. The static part of a feature is rendered once per station version and
 * reused by every query that returns it.
 */
public final class StationGeoJson {

  private StationGeoJson() {}

  /**
   * The feature up to and including its static properties, without the closing braces, so query
   * results can add {@code ,"distance_m":...} and close it. The properties a list of nearby
   * stations shows come first, the bookkeeping ones ({@code operator}, {@code version}, {@code
   * updated_at}) last, so that the summary {@link #render} marks is a prefix of it.
   */
  public static String openFeature(Station s) {
    return bookkeeping(summary(s), s).toString();
  }

  /**
   * {@link #openFeature} as UTF-8, with the length of its beginning that nearby answers carry: what
   * a worker's list and map show (names, kind, address, capacity, amenities, hours, phone, photo,
   * status, rating), without the bookkeeping fields, which {@code GET /api/v1/stations/{id}} has.
   */
  public record Rendered(byte[] bytes, int summaryLength) {}

  /** Renders a station once for the snapshot: the feature and where its summary ends. */
  public static Rendered render(Station s) {
    byte[] head = summary(s).toString().getBytes(StandardCharsets.UTF_8);
    byte[] tail = bookkeeping(new StringBuilder(96), s).toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return new Rendered(all, head.length);
  }

  private static StringBuilder bookkeeping(StringBuilder sb, Station s) {
    optional(sb, "operator", s.operator());
    sb.append(",\"version\":").append(s.version());
    if (s.updatedAt() != null) {
      sb.append(",\"updated_at\":\"").append(s.updatedAt()).append('"');
    }
    return sb;
  }

  private static StringBuilder summary(Station s) {
    StringBuilder sb = new StringBuilder(512);
    sb.append("{\"type\":\"Feature\",\"id\":");
    JsonText.string(sb, s.id());
    sb.append(",\"geometry\":{\"type\":\"Point\",\"coordinates\":[");
    JsonText.fixed(sb, s.location().lon(), 7).append(',');
    JsonText.fixed(sb, s.location().lat(), 7).append("]},\"properties\":{\"id\":");
    JsonText.string(sb, s.id());
    sb.append(",\"name_zh\":");
    JsonText.string(sb, s.nameZh());
    optional(sb, "name_en", s.nameEn());
    sb.append(",\"kind\":\"").append(s.kind().code()).append('"');
    optional(sb, "address", s.address());
    optional(sb, "city", s.city());
    optional(sb, "district", s.district());
    sb.append(",\"capacity\":").append(s.capacity());
    sb.append(",\"amenities\":[");
    boolean first = true;
    for (Amenity a : s.amenities()) {
      sb.append(first ? "\"" : ",\"").append(a.code()).append('"');
      first = false;
    }
    sb.append("],\"opening_hours\":");
    JsonText.string(sb, s.openingHours().spec());
    optional(sb, "phone", s.phone());
    optional(sb, "photo_url", s.photoUrl());
    sb.append(",\"status\":\"").append(s.status().code()).append('"');
    if (s.starRating() != null) {
      sb.append(",\"star_rating\":").append(s.starRating());
    }
    return sb;
  }

  /** Optional fields are left out when absent: smaller answers on the hot path. */
  private static void optional(StringBuilder sb, String name, String value) {
    if (value != null) {
      sb.append(",\"").append(name).append("\":");
      JsonText.string(sb, value);
    }
  }

  /** A complete feature with only the station's own fields. */
  public static String feature(Station s) {
    return openFeature(s) + "}}";
  }

  /**
   * Reads the writable fields of a GeoJSON feature into a flat map ({@code lat}/{@code lon} from
   * the geometry) for {@link StationInput}. Structural problems are added to {@code violations}.
   */
  public static Map<String, Object> fields(Object json, List<Violation> violations) {
    Map<String, Object> out = new HashMap<>();
    if (!(json instanceof JsonObject f)) {
      violations.add(Violation.of("feature", "must be a GeoJSON Feature object"));
      return out;
    }
    if (!"Feature".equals(f.getValue("type"))) {
      violations.add(Violation.of("type", "must be \"Feature\""));
    }
    Object geometry = f.getValue("geometry");
    if (!(geometry instanceof JsonObject g)
        || !"Point".equals(g.getValue("type"))
        || !(g.getValue("coordinates") instanceof JsonArray c)
        || c.size() < 2
        || c.size() > 3) {
      violations.add(
          Violation.of("geometry", "must be a GeoJSON Point with coordinates [lon, lat]"));
    } else {
      JsonArray coords = ((JsonObject) geometry).getJsonArray("coordinates");
      out.put("lon", coords.getValue(0));
      out.put("lat", coords.getValue(1));
    }
    Object props = f.getValue("properties");
    if (!(props instanceof JsonObject p)) {
      violations.add(Violation.of("properties", "must be an object"));
      return out;
    }
    for (Map.Entry<String, Object> e : p) {
      if (e.getKey().equals("lat") || e.getKey().equals("lon")) {
        violations.add(Violation.of("properties." + e.getKey(), "give the position in geometry"));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** Reads a FeatureCollection's features, one field map per feature, numbering rows from 1. */
  public static List<Map<String, Object>> collection(JsonObject fc, List<Violation> violations) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (!"FeatureCollection".equals(fc.getValue("type"))
        || !(fc.getValue("features") instanceof JsonArray features)) {
      violations.add(
          new Violation(
              0, "features", "must be a GeoJSON FeatureCollection with a features array"));
      return rows;
    }
    for (int i = 0; i < features.size(); i++) {
      List<Violation> local = new ArrayList<>();
      rows.add(fields(features.getValue(i), local));
      int row = i + 1;
      local.forEach(v -> violations.add(v.atRow(row)));
    }
    return rows;
  }
}
