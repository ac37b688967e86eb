package org.yizhan.error;

/**
 * One thing wrong with a request: the field it concerns and why. {@code row} is the 1-based data
 * row of a bulk import (the CSV header or the GeoJSON collection itself is row 0), or {@code null}
 * for a single request.
 */
public record Violation(Integer row, String field, String reason) {

  public static Violation of(String field, String reason) {
    return new Violation(null, field, reason);
  }

  public Violation atRow(int r) {
    return new Violation(r, field, reason);
  }
}
