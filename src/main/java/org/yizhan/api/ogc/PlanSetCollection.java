package org.yizhan.api.ogc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.yizhan.json.JsonText;
import org.yizhan.planning.PlanPoints;
import org.yizhan.planning.PlanSet;
import org.yizhan.planning.PlanSetKind;
import org.yizhan.planning.PlanSetPage;
import org.yizhan.planning.PlanningService;
import org.yizhan.station.BoundingBox;

/**
 * One stored demand or candidate set: a point feature per stored point, in stored order, its id the
 * point's position in the set (0-based), with its weight and label (and, for candidates, the kind
 * of site). Paged in the database, so a national set is never read whole for one page.
 */
final class PlanSetCollection implements OgcCollection {

  static final String DEMAND = "demand-";
  static final String CANDIDATES = "candidates-";

  private static final List<String> DEMAND_PROPERTIES = List.of("id", "label", "weight");
  private static final List<String> CANDIDATE_PROPERTIES = List.of("id", "label", "weight", "kind");

  private final PlanningService planning;
  private final PlanSet set;
  private final double[] extent;

  /**
   * @param extent {@code minLon, minLat, maxLon, maxLat} of its points
   */
  PlanSetCollection(PlanningService planning, PlanSet set, double[] extent) {
    this.planning = planning;
    this.set = set;
    this.extent = extent.clone();
  }

  static String id(PlanSetKind kind, String name) {
    return (kind == PlanSetKind.DEMAND ? DEMAND : CANDIDATES) + name;
  }

  @Override
  public String id() {
    return id(set.kind(), set.name());
  }

  @Override
  public String title() {
    return (set.kind() == PlanSetKind.DEMAND ? "Demand set " : "Candidate sites ") + set.name();
  }

  @Override
  public String description() {
    return (set.kind() == PlanSetKind.DEMAND
            ? "Planning demand: where outdoor workers are, each point weighted by how many. "
            : "Planning candidates: sites a new station could take (weight optional). ")
        + set.pointCount()
        + " points, total weight "
        + set.totalWeight()
        + ", stored "
        + set.updatedAt()
        + ". Planners and super admins only.";
  }

  @Override
  public Access access() {
    return Access.PLAN;
  }

  @Override
  public boolean blocking() {
    return true;
  }

  @Override
  public double[] extent() {
    return extent.clone();
  }

  @Override
  public List<String> properties() {
    return set.kind() == PlanSetKind.DEMAND ? DEMAND_PROPERTIES : CANDIDATE_PROPERTIES;
  }

  @Override
  public Page items(
      BoundingBox box, int offset, int limit, Predicate<String> stationScope, Instant now)
      throws Exception {
    PlanSetPage page = planning.page(set.kind(), set.name(), box, offset, limit);
    List<String> out = new ArrayList<>(page.index().length);
    StringBuilder sb = new StringBuilder(256);
    for (int i = 0; i < page.index().length; i++) {
      sb.setLength(0);
      out.add(render(sb, page.index()[i], page.points(), i).toString());
    }
    return new Page(page.matched(), out);
  }

  @Override
  public Optional<String> feature(String id, Predicate<String> stationScope, Instant now)
      throws Exception {
    int index = index(id);
    if (index < 0 || index >= set.pointCount()) {
      return Optional.empty();
    }
    PlanSetPage page = planning.page(set.kind(), set.name(), BoundingBox.WORLD, index, 1);
    if (page.index().length == 0 || page.index()[0] != index) {
      return Optional.empty();
    }
    return Optional.of(render(new StringBuilder(256), index, page.points(), 0).toString());
  }

  /** A feature id as a point's position; -1 when it is not one. */
  private static int index(String id) {
    if (id.isEmpty() || id.length() > 9 || !id.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return -1;
    }
    if (id.length() > 1 && id.charAt(0) == '0') {
      return -1; // one spelling per point
    }
    return Integer.parseInt(id);
  }

  private StringBuilder render(StringBuilder sb, int index, PlanPoints p, int i) {
    sb.append("{\"type\":\"Feature\",\"id\":").append(index);
    sb.append(",\"geometry\":{\"type\":\"Point\",\"coordinates\":[");
    sb.append(p.lon()[i]).append(',').append(p.lat()[i]);
    sb.append("]},\"properties\":{\"id\":").append(index).append(",\"label\":");
    JsonText.string(sb, p.label()[i]);
    sb.append(",\"weight\":").append(p.weight()[i]);
    if (set.kind() == PlanSetKind.CANDIDATE) {
      sb.append(",\"kind\":");
      JsonText.string(sb, p.kind()[i]);
    }
    return sb.append("}}");
  }
}
