package org.yizhan.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a demo place table under {@code resources/demo/}. The facts live in CSV rather than in
 * code so that they can be checked and corrected without touching the generator.
 *
 * @param kind {@code city}, {@code town} or {@code road}
 * @param suffix administrative unit written after the short Chinese name, e.g. 市 or 州
 * @param province English province name, {@code null} when the table has none
 * @param population 2020 census, 0 when not given
 */
record Place(
    String kind,
    String nameEn,
    String nameZh,
    String suffix,
    String province,
    double lat,
    double lon,
    long population) {

  boolean isCity() {
    return "city".equals(kind);
  }

  /**
   * Reads a classpath CSV. Lines starting with {@code #} are comments; the first other line is the
   * header, so columns are found by name and optional ones ({@code kind}, {@code suffix}, {@code
   * province}) may be left out. Fields never contain commas, so no quoting is supported.
   */
  static List<Place> load(String resource) {
    try (InputStream in = Place.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, Integer> columns = null;
      List<Place> places = new ArrayList<>();
      String line;
      while ((line = reader.readLine()) != null) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] fields = trimmed.split(",", -1);
        if (columns == null) {
          columns = new HashMap<>();
          for (int i = 0; i < fields.length; i++) {
            columns.put(fields[i].strip(), i);
          }
          continue;
        }
        places.add(parseRow(fields, columns, resource));
      }
      return List.copyOf(places);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static Place parseRow(String[] fields, Map<String, Integer> columns, String resource) {
    try {
      String population = optional(fields, columns, "population", "");
      return new Place(
          optional(fields, columns, "kind", "city"),
          required(fields, columns, "name_en"),
          required(fields, columns, "name_zh"),
          optional(fields, columns, "suffix", "市"),
          optional(fields, columns, "province", null),
          Double.parseDouble(required(fields, columns, "lat")),
          Double.parseDouble(required(fields, columns, "lon")),
          population.isEmpty() ? 0L : Long.parseLong(population));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "bad row in " + resource + ": " + String.join(",", fields), e);
    }
  }

  private static String required(String[] fields, Map<String, Integer> columns, String name) {
    String value = optional(fields, columns, name, null);
    if (value == null) {
      throw new IllegalStateException("missing value for column " + name);
    }
    return value;
  }

  /** The stripped field, or {@code fallback} when the column is absent or the field empty. */
  private static String optional(
      String[] fields, Map<String, Integer> columns, String name, String fallback) {
    Integer index = columns.get(name);
    if (index == null || index >= fields.length) {
      return fallback;
    }
    String value = fields[index].strip();
    return value.isEmpty() ? fallback : value;
  }
}
