package org.yizhan.planning;

/**
 * Coverage of the demand assigned to one city, or one district of a city ({@code district} is
 * {@code null} for a city's row). A demand point belongs to the area of its nearest station; either
 * name is {@code null} when that station has none.
 */
public record AreaCoverage(
    String city,
    String district,
    int points,
    int coveredPoints,
    double totalWeight,
    double coveredWeight) {

  /** Covered share of the weight, 0 to 1. */
  public double share() {
    return totalWeight == 0 ? 0 : coveredWeight / totalWeight;
  }
}
