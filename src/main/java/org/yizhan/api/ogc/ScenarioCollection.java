package org.yizhan.api.ogc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.yizhan.json.JsonText;
import org.yizhan.planning.Scenario;
import org.yizhan.station.BoundingBox;

/**
 * One kept scenario: a point feature per site its run chose, in rank order, its id the rank, with
 * the coverage gain the run recorded. A run's sites are all proposed new sites (existing stations
 * are its starting network, not among its sites), so {@code site} is {@code "new"} on every one.
 * Read from the scenario's stored document, which is small: kept in memory.
 */
final class ScenarioCollection implements OgcCollection {

  static final String PREFIX = "scenario-";

  private static final List<String> PROPERTIES =
      List.of("id", "rank", "label", "gain", "site", "scenario", "run_kind", "created_at");

  /** One chosen site as the document records it. */
  record Site(int rank, double lon, double lat, String label, Double gain) {}

  private final Scenario scenario;
  private final List<Site> sites;

  ScenarioCollection(Scenario scenario, List<Site> sites) {
    this.scenario = scenario;
    this.sites = List.copyOf(sites);
  }

  /** The chosen sites of a scenario's document ({@code result.sites}), in rank order. */
  static List<Site> sites(String document) {
    List<Site> out = new ArrayList<>();
    if (document == null) {
      return out;
    }
    JsonObject result = new JsonObject(document).getJsonObject("result", new JsonObject());
    for (Object o : result.getJsonArray("sites", new JsonArray())) {
      if (o instanceof JsonObject s
          && s.getValue("lon") instanceof Number lon
          && s.getValue("lat") instanceof Number lat) {
        Number rank = s.getValue("rank") instanceof Number n ? n : out.size() + 1;
        Double gain = s.getValue("gain") instanceof Number g ? g.doubleValue() : null;
        out.add(
            new Site(
                rank.intValue(),
                lon.doubleValue(),
                lat.doubleValue(),
                s.getValue("label") instanceof String l ? l : null,
                gain));
      }
    }
    out.sort(java.util.Comparator.comparingInt(Site::rank));
    return out;
  }

  @Override
  public String id() {
    return PREFIX + scenario.name();
  }

  @Override
  public String title() {
    return "Scenario " + scenario.name();
  }

  @Override
  public String description() {
    return "The "
        + sites.size()
        + " sites chosen by the "
        + scenario.kind()
        + " run kept as scenario '"
        + scenario.name()
        + "' by "
        + scenario.owner()
        + " at "
        + scenario.createdAt()
        + ", each with its rank and coverage gain. Planners and super admins only.";
  }

  @Override
  public Access access() {
    return Access.PLAN;
  }

  @Override
  public boolean blocking() {
    return false;
  }

  @Override
  public double[] extent() {
    if (sites.isEmpty()) {
      return new double[] {-180, -90, 180, 90};
    }
    double[] e = {180, 90, -180, -90};
    for (Site s : sites) {
      e[0] = Math.min(e[0], s.lon());
      e[1] = Math.min(e[1], s.lat());
      e[2] = Math.max(e[2], s.lon());
      e[3] = Math.max(e[3], s.lat());
    }
    return e;
  }

  @Override
  public List<String> properties() {
    return PROPERTIES;
  }

  @Override
  public Page items(
      BoundingBox box, int offset, int limit, Predicate<String> stationScope, Instant now) {
    List<Site> in = sites.stream().filter(s -> box.contains(s.lat(), s.lon())).toList();
    List<String> out = new ArrayList<>();
    for (int i = offset; i < in.size() && out.size() < limit; i++) {
      out.add(render(in.get(i)));
    }
    return new Page(in.size(), out);
  }

  @Override
  public Optional<String> feature(String id, Predicate<String> stationScope, Instant now) {
    return sites.stream()
        .filter(s -> Integer.toString(s.rank()).equals(id))
        .findFirst()
        .map(this::render);
  }

  private String render(Site s) {
    StringBuilder sb = new StringBuilder(320);
    sb.append("{\"type\":\"Feature\",\"id\":").append(s.rank());
    sb.append(",\"geometry\":{\"type\":\"Point\",\"coordinates\":[");
    sb.append(s.lon()).append(',').append(s.lat());
    sb.append("]},\"properties\":{\"id\":").append(s.rank());
    sb.append(",\"rank\":").append(s.rank()).append(",\"label\":");
    JsonText.string(sb, s.label());
    sb.append(",\"gain\":").append(s.gain() == null ? "null" : s.gain().toString());
    sb.append(",\"site\":\"new\",\"scenario\":");
    JsonText.string(sb, scenario.name());
    sb.append(",\"run_kind\":");
    JsonText.string(sb, scenario.kind());
    sb.append(",\"created_at\":");
    JsonText.string(sb, scenario.createdAt().toString());
    return sb.append("}}").toString();
  }
}
