package org.yizhan.planning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;
import org.yizhan.geo.ChinaCrs;

/**
 * Collects the points of an upload row by row, checking each field, so that a bad file is refused
 * whole with every bad row and field named. Format readers report their own syntax problems through
 * {@link #violation} and hand over each row's values through {@link #add}.
 *
 * <p>At most {@link #MAX_LISTED} problems are listed (a summary counts the rest), so a file of two
 * million bad rows does not become a two-million-line answer.
 */
final class PointRows {

  static final int MAX_LISTED = 1_000;
  static final int MAX_LABEL = 200;
  static final int MAX_KIND = 40;

  private final PlanSetKind kind;
  private final int maxPoints;
  private final List<Violation> violations = new ArrayList<>();
  private int unlisted;
  private int rows;
  private int size;
  private double[] lat = new double[1024];
  private double[] lon = new double[1024];
  private double[] weight = new double[1024];
  private String[] label = new String[1024];
  private String[] kinds = new String[1024];

  PointRows(PlanSetKind kind, int maxPoints) {
    this.kind = kind;
    this.maxPoints = maxPoints;
  }

  PlanSetKind kind() {
    return kind;
  }

  /** Records a problem at a data row (0 for the file or its header). */
  void violation(int row, String field, String reason) {
    if (violations.size() < MAX_LISTED) {
      violations.add(new Violation(row, field, reason));
    } else {
      unlisted++;
    }
  }

  /**
   * Counts one more data row, refusing the file at once when it passes the limit (the rest is not
   * read).
   */
  void countRow() {
    rows++;
    if (rows > maxPoints) {
      throw DomainException.InvalidInput.of(
          List.of(
              new Violation(
                  0,
                  "body",
                  "has more than "
                      + maxPoints
                      + " points, the most a set may hold; split it into several sets")));
    }
  }

  /**
   * Checks and keeps one row's values. {@code weight} is NaN when the row has none; strings are
   * {@code null} when absent.
   */
  void add(int row, double lonValue, double latValue, double w, String lbl, String knd) {
    boolean ok = true;
    if (!(lonValue >= -180.0 && lonValue <= 180.0)) {
      violation(row, "lon", "must be a number within [-180, 180], got " + lonValue);
      ok = false;
    }
    if (!(latValue >= -90.0 && latValue <= 90.0)) {
      violation(row, "lat", "must be a number within [-90, 90], got " + latValue);
      ok = false;
    }
    if (Double.isNaN(w)) {
      if (kind == PlanSetKind.DEMAND) {
        violation(row, "weight", "is required");
        ok = false;
      }
      w = 1.0;
    } else if (!(w > 0.0) || Double.isInfinite(w)) {
      violation(row, "weight", "must be a finite number above 0, got " + w);
      ok = false;
    }
    ok &= text(row, "label", lbl, MAX_LABEL);
    ok &= text(row, "kind", knd, MAX_KIND);
    if (!ok) {
      return;
    }
    if (size == lat.length) {
      int n = size * 2;
      lat = Arrays.copyOf(lat, n);
      lon = Arrays.copyOf(lon, n);
      weight = Arrays.copyOf(weight, n);
      label = Arrays.copyOf(label, n);
      kinds = Arrays.copyOf(kinds, n);
    }
    lat[size] = latValue;
    lon[size] = lonValue;
    weight[size] = w;
    label[size] = lbl;
    kinds[size] = knd;
    size++;
  }

  private boolean text(int row, String field, String value, int max) {
    if (value == null) {
      return true;
    }
    if (value.length() > max) {
      violation(row, field, "is longer than " + max + " characters");
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        violation(row, field, "contains a control character");
        return false;
      }
    }
    return true;
  }

  /** The points, converted to WGS-84; throws with every problem when any row was bad. */
  PlanPoints finish(PointCrs crs) {
    if (rows == 0 && violations.isEmpty()) {
      violation(0, "body", "contains no points");
    }
    if (!violations.isEmpty()) {
      List<Violation> all = new ArrayList<>(violations);
      if (unlisted > 0) {
        all.add(new Violation(0, "body", "has " + unlisted + " more problems, not listed"));
      }
      throw DomainException.InvalidInput.of(all);
    }
    double[] la = Arrays.copyOf(lat, size);
    double[] lo = Arrays.copyOf(lon, size);
    if (crs == PointCrs.GCJ02) {
      for (int i = 0; i < size; i++) {
        double[] w = ChinaCrs.gcjToWgs(lo[i], la[i]);
        lo[i] = w[0];
        la[i] = w[1];
      }
    }
    return new PlanPoints(
        la,
        lo,
        Arrays.copyOf(weight, size),
        Arrays.copyOf(label, size),
        Arrays.copyOf(kinds, size));
  }
}
