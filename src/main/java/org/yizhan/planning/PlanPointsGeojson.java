package org.yizhan.planning;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;

/**
 * Point sets as a GeoJSON (RFC 7946) FeatureCollection of Point features with properties {@code
 * weight} (a number; required for demand), {@code label} and, for candidates, {@code kind}
 * (strings). Other properties are ignored. The collection is read as a stream, one feature at a
 * time, so a file of two million features never sits in memory as one tree. Feature {@code n} of
 * the array is row {@code n}; the collection itself is row 0.
 */
final class PlanPointsGeojson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private PlanPointsGeojson() {}

  static void read(Reader in, PointRows rows) throws IOException {
    try (JsonParser p = MAPPER.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        rows.violation(0, "body", "is not a JSON object");
        return;
      }
      boolean typeOk = false;
      boolean sawFeatures = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("type".equals(name)) {
          typeOk = value == JsonToken.VALUE_STRING && "FeatureCollection".equals(p.getText());
        } else if ("features".equals(name) && value == JsonToken.START_ARRAY) {
          sawFeatures = true;
          int row = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            row++;
            rows.countRow();
            feature(MAPPER.readTree(p), row, rows);
          }
        } else {
          p.skipChildren();
        }
      }
      if (!typeOk) {
        rows.violation(0, "type", "must be FeatureCollection");
      }
      if (!sawFeatures) {
        rows.violation(0, "features", "is required: an array of Point features");
      }
      if (p.nextToken() != null) {
        rows.violation(0, "body", "has content after the collection");
      }
    } catch (JsonProcessingException e) {
      rows.violation(0, "body", "is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static void feature(JsonNode f, int row, PointRows rows) {
    if (f == null || !f.isObject()) {
      rows.violation(row, "feature", "must be a Feature object");
      return;
    }
    boolean ok = true;
    if (!"Feature".equals(f.path("type").asText(null))) {
      rows.violation(row, "type", "must be Feature");
      ok = false;
    }
    JsonNode g = f.path("geometry");
    JsonNode c = g.path("coordinates");
    double lon = Double.NaN;
    double lat = Double.NaN;
    if (!"Point".equals(g.path("type").asText(null))) {
      rows.violation(row, "geometry", "must be a Point");
      ok = false;
    } else if (!c.isArray()
        || c.size() < 2
        || c.size() > 3
        || !c.get(0).isNumber()
        || !c.get(1).isNumber()) {
      rows.violation(row, "coordinates", "must be [lon, lat] numbers");
      ok = false;
    } else {
      lon = c.get(0).asDouble();
      lat = c.get(1).asDouble();
    }
    JsonNode props = f.path("properties");
    if (!props.isMissingNode() && !props.isNull() && !props.isObject()) {
      rows.violation(row, "properties", "must be an object");
      return;
    }
    double weight = Double.NaN;
    JsonNode w = props.path("weight");
    if (w.isNumber()) {
      weight = w.asDouble();
    } else if (!w.isMissingNode() && !w.isNull()) {
      rows.violation(row, "weight", "must be a number");
      ok = false;
    }
    String label = string(props, "label", row, rows);
    String kind = string(props, "kind", row, rows);
    if (label == BAD || kind == BAD || !ok) {
      return;
    }
    rows.add(row, lon, lat, weight, label, kind);
  }

  /** Marks a property already reported as bad (compared by identity). */
  private static final String BAD = new String("bad");

  private static String string(JsonNode props, String name, int row, PointRows rows) {
    JsonNode v = props.path(name);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      rows.violation(row, name, "must be a string");
      return BAD;
    }
    return v.asText();
  }
}
