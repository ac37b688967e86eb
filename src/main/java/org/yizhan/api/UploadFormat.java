package org.yizhan.api;

import java.util.List;
import java.util.Locale;
import org.yizhan.error.Violation;

/**
 * The format of an uploaded file (station import, planning sets): {@code ?format=} when given, else
 * the Content-Type; anything else is refused (415) saying what to send.
 */
enum UploadFormat {
  CSV,
  GEOJSON;

  static UploadFormat of(String param, String contentType) {
    if (param != null) {
      return switch (param) {
        case "geojson" -> GEOJSON;
        case "csv" -> CSV;
        default -> throw ProblemException.invalid("format", "must be geojson or csv");
      };
    }
    String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (ct.startsWith("text/csv")) {
      return CSV;
    }
    if (ct.startsWith("application/geo+json") || ct.startsWith("application/json")) {
      return GEOJSON;
    }
    throw new ProblemException(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        "Send text/csv or application/geo+json, or name the format with ?format=",
        List.of(Violation.of("Content-Type", "must be text/csv or application/geo+json")));
  }
}
