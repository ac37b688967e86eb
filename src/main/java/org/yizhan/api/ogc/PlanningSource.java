package org.yizhan.api.ogc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yizhan.error.DomainException;
import org.yizhan.planning.PlanSet;
import org.yizhan.planning.PlanSetKind;
import org.yizhan.planning.PlanningService;
import org.yizhan.planning.Scenario;

/**
 * The planning data as collections: each stored demand set ({@code demand-<name>}), each candidate
 * set ({@code candidates-<name>}) and each kept scenario ({@code scenario-<name>}), for planners
 * and super admins. A set's extent and a scenario's sites are remembered until the set is replaced
 * (its update time changes) or the scenario is deleted, so a listing does not scan every point each
 * time.
 */
final class PlanningSource implements OgcSource {

  private record Extent(Instant updatedAt, double[] box) {}

  private record Sites(Instant createdAt, Scenario scenario, List<ScenarioCollection.Site> sites) {}

  private final PlanningService planning;
  private final Map<String, Extent> extents = new ConcurrentHashMap<>();
  private final Map<String, Sites> scenarios = new ConcurrentHashMap<>();

  PlanningSource(PlanningService planning) {
    this.planning = planning;
  }

  @Override
  public OgcCollection.Access access() {
    return OgcCollection.Access.PLAN;
  }

  @Override
  public boolean claims(String id) {
    return id.startsWith(PlanSetCollection.DEMAND)
        || id.startsWith(PlanSetCollection.CANDIDATES)
        || id.startsWith(ScenarioCollection.PREFIX);
  }

  @Override
  public List<OgcCollection> list() throws Exception {
    List<OgcCollection> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (PlanSetKind kind : List.of(PlanSetKind.DEMAND, PlanSetKind.CANDIDATE)) {
      for (PlanSet s : planning.sets(kind)) {
        seen.add(PlanSetCollection.id(kind, s.name()));
        set(s).ifPresent(out::add);
      }
    }
    extents.keySet().retainAll(seen);
    Set<String> kept = new HashSet<>();
    for (Scenario s : planning.scenarios()) {
      kept.add(s.name());
      scenario(s).ifPresent(out::add);
    }
    scenarios.keySet().retainAll(kept);
    return out;
  }

  @Override
  public Optional<OgcCollection> find(String id) throws Exception {
    if (id.startsWith(ScenarioCollection.PREFIX)) {
      String name = id.substring(ScenarioCollection.PREFIX.length());
      for (Scenario s : named(name) ? planning.scenarios() : List.<Scenario>of()) {
        if (s.name().equals(name)) {
          return scenario(s);
        }
      }
      return Optional.empty();
    }
    PlanSetKind kind =
        id.startsWith(PlanSetCollection.DEMAND) ? PlanSetKind.DEMAND : PlanSetKind.CANDIDATE;
    String name =
        id.substring(
            (kind == PlanSetKind.DEMAND ? PlanSetCollection.DEMAND : PlanSetCollection.CANDIDATES)
                .length());
    if (!named(name)) {
      return Optional.empty();
    }
    for (PlanSet s : planning.sets(kind)) {
      if (s.name().equals(name)) {
        return set(s);
      }
    }
    return Optional.empty();
  }

  private Optional<OgcCollection> set(PlanSet s) throws Exception {
    String key = PlanSetCollection.id(s.kind(), s.name());
    Extent e = extents.get(key);
    if (e == null || !e.updatedAt().equals(s.updatedAt())) {
      Optional<double[]> box = planning.extent(s.kind(), s.name());
      if (box.isEmpty()) {
        return Optional.empty(); // deleted since it was listed
      }
      e = new Extent(s.updatedAt(), box.get());
      extents.put(key, e);
    }
    return Optional.of(new PlanSetCollection(planning, s, e.box()));
  }

  /**
   * A listed scenario (without its document) as a collection; its document is read once (a kept
   * scenario never changes: a new one of the same name has a new creation time).
   */
  private Optional<OgcCollection> scenario(Scenario listed) throws Exception {
    String name = listed.name();
    Sites cached = scenarios.get(name);
    if (cached == null || !cached.createdAt().equals(listed.createdAt())) {
      Scenario full;
      try {
        full = planning.scenario(name);
      } catch (DomainException.NotFound e) {
        scenarios.remove(name);
        return Optional.empty(); // deleted since it was listed
      }
      cached =
          new Sites(
              full.createdAt(),
              new Scenario(full.name(), full.kind(), full.owner(), full.createdAt(), null),
              ScenarioCollection.sites(full.document()));
      scenarios.put(name, cached);
    }
    return Optional.of(new ScenarioCollection(cached.scenario(), cached.sites()));
  }

  /** Whether a name could be a stored one ({@link PlanSet#checkName}); else nothing has it. */
  private static boolean named(String name) {
    try {
      PlanSet.checkName(name);
      return true;
    } catch (DomainException.InvalidInput e) {
      return false;
    }
  }
}
