package org.yizhan.planning;

import java.time.Instant;
import org.yizhan.error.DomainException;

/**
 * A stored, named point set as listed: its kind and name (unique per kind), when it was first
 * stored and last replaced, how many points it has and their total weight.
 */
public record PlanSet(
    PlanSetKind kind,
    String name,
    Instant createdAt,
    Instant updatedAt,
    int pointCount,
    double totalWeight) {

  /** The longest set name. */
  public static final int MAX_NAME = 100;

  /** A stored set with its points. */
  public record Stored(PlanSet set, PlanPoints points) {}

  /** Checks a set name given by a caller: 1 to 100 characters, no control characters. */
  public static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw DomainException.InvalidInput.of("name", "is required");
    }
    if (name.length() > MAX_NAME) {
      throw DomainException.InvalidInput.of("name", "is longer than " + MAX_NAME + " characters");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw DomainException.InvalidInput.of("name", "contains a control character");
    }
    return name;
  }
}
