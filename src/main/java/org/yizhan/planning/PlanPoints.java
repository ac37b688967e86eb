package org.yizhan.planning;

import java.util.Objects;

/**
 * A set of weighted WGS-84 points in column form: point {@code i} is at {@code lat[i], lon[i]} with
 * {@code weight[i] > 0}, an optional {@code label[i]} and, for candidates, an optional {@code
 * kind[i]} ({@code null} when absent). Columns rather than one object per point because sets reach
 * millions of points and every computation on them loops over the coordinates.
 *
 * <p>The arrays are not copied, for speed: whoever builds a value hands its arrays over and nobody
 * mutates them afterwards.
 */
public record PlanPoints(
    double[] lat, double[] lon, double[] weight, String[] label, String[] kind) {

  public PlanPoints {
    Objects.requireNonNull(lat, "lat");
    Objects.requireNonNull(lon, "lon");
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(kind, "kind");
    int n = lat.length;
    if (lon.length != n || weight.length != n || label.length != n || kind.length != n) {
      throw new IllegalArgumentException("point columns differ in length");
    }
  }

  /** Points without labels or kinds. */
  public static PlanPoints of(double[] lat, double[] lon, double[] weight) {
    return new PlanPoints(lat, lon, weight, new String[lat.length], new String[lat.length]);
  }

  public int size() {
    return lat.length;
  }

  /** The sum of the weights, added in point order (so equal sets give equal sums). */
  public double totalWeight() {
    double sum = 0;
    for (double w : weight) {
      sum += w;
    }
    return sum;
  }
}
