package org.yizhan.planning;

import java.io.Reader;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.yizhan.condition.ThresholdSet;
import org.yizhan.condition.ThresholdStore;
import org.yizhan.error.DomainException;
import org.yizhan.planning.internal.PlanSetRepository;
import org.yizhan.planning.internal.ScenarioRepository;
import org.yizhan.planning.runs.RunControl;
import org.yizhan.planning.runs.RunQueue;
import org.yizhan.planning.runs.RunView;
import org.yizhan.planning.siting.Siting;
import org.yizhan.planning.siting.SitingProgress;
import org.yizhan.planning.siting.SitingResult;
import org.yizhan.planning.siting.SitingRun;
import org.yizhan.planning.use.UseReport;
import org.yizhan.planning.use.UseRules;
import org.yizhan.planning.use.Utilisation;
import org.yizhan.planning.use.internal.HourlyReadings;
import org.yizhan.station.StationSnapshot;
import org.yizhan.storage.Store;

/**
 * What planners do, for the API: keep named demand and candidate sets, judge station use, and run
 * coverage and siting on the {@link RunQueue} (off the request path, one at a time, cancellable).
 * Every method but {@link #submit} blocks (the database, or parsing an upload).
 */
public final class PlanningService {

  private final PlanSetRepository sets;
  private final ScenarioRepository scenarios;
  private final HourlyReadings hours;
  private final ThresholdStore thresholds;
  private final Supplier<StationSnapshot> stations;
  private final RunQueue runs;
  private final Clock clock;

  public PlanningService(
      DataSource ds,
      Store store,
      ThresholdStore thresholds,
      Supplier<StationSnapshot> stations,
      RunQueue runs,
      Clock clock) {
    this.sets = new PlanSetRepository(ds);
    this.scenarios = new ScenarioRepository(ds);
    this.hours = new HourlyReadings(ds, store);
    this.thresholds = thresholds;
    this.stations = stations;
    this.runs = runs;
    this.clock = clock;
  }

  /** {@code minLon, minLat, maxLon, maxLat} of a stored set; empty when there is no such set. */
  public Optional<double[]> extent(PlanSetKind kind, String name) throws SQLException {
    return sets.extent(kind, name);
  }

  /**
   * A page of a stored set's points in a box, in stored order; {@code NotFound} when there is no
   * such set.
   */
  public PlanSetPage page(
      PlanSetKind kind, String name, org.yizhan.station.BoundingBox box, int offset, int limit)
      throws SQLException {
    return sets.page(kind, name, box, offset, limit);
  }

  /** The stored sets of a kind, by name. */
  public List<PlanSet> sets(PlanSetKind kind) throws SQLException {
    return sets.list(kind);
  }

  /** A stored set with its points; {@link DomainException.NotFound} when there is none. */
  public PlanSet.Stored set(PlanSetKind kind, String name) throws SQLException {
    return sets.get(kind, PlanSet.checkName(name));
  }

  /** What a replace did: the set as stored, and whether it is new. */
  public record Replaced(PlanSet set, boolean created) {}

  /**
   * Parses an uploaded file whole and stores it under {@code name}, replacing a set of that name; a
   * bad file changes nothing and is refused listing its bad rows.
   */
  public Replaced upload(
      PlanSetKind kind, String name, PlanPointsUpload.Format format, Reader file, PointCrs crs)
      throws SQLException {
    PlanSet.checkName(name);
    PlanPoints points = PlanPointsUpload.parse(format, file, kind, crs);
    boolean existed = sets.find(kind, name).isPresent();
    return new Replaced(sets.replace(kind, name, points), !existed);
  }

  /**
   * Stores {@code points} as a demand set when there is no demand set at all (a demo's first
   * start).
   */
  public boolean seedDemand(String name, PlanPoints points) throws SQLException {
    if (!sets.list(PlanSetKind.DEMAND).isEmpty()) {
      return false;
    }
    sets.replace(PlanSetKind.DEMAND, PlanSet.checkName(name), points);
    return true;
  }

  /** Deletes a set; {@link DomainException.NotFound} when there is none. */
  public void delete(PlanSetKind kind, String name) throws SQLException {
    if (!sets.delete(kind, PlanSet.checkName(name))) {
      throw new DomainException.NotFound(kind.code() + " set", name);
    }
  }

  /**
   * Stores a generated candidate set: a grid of {@code spacingM} over the demand the network leaves
   * uncovered at {@code radiusM}, or (spacing empty) the demand points themselves.
   */
  public Replaced generateCandidates(
      String name, String demandName, Optional<Double> spacingM, double radiusM)
      throws SQLException {
    PlanSet.checkName(name);
    PlanPoints demand = set(PlanSetKind.DEMAND, demandName).points();
    PlanPoints candidates =
        spacingM.isPresent()
            ? CandidateGenerator.grid(
                demand,
                CoverageEngine.compute(demand, PlanNetwork.inService(stations.get()), radiusM),
                spacingM.get())
            : CandidateGenerator.demandPoints(demand);
    boolean existed = sets.find(PlanSetKind.CANDIDATE, name).isPresent();
    return new Replaced(sets.replace(PlanSetKind.CANDIDATE, name, candidates), !existed);
  }

  /** How the network's stations were used over {@code [from, to)}. */
  public UseReport use(Instant from, Instant to, UseRules rules) throws SQLException {
    if (!from.isBefore(to)) {
      throw DomainException.InvalidInput.of("from", "must be before to");
    }
    if (Duration.between(from, to).toDays() > 366) {
      throw DomainException.InvalidInput.of("from", "the period may span at most 366 days");
    }
    ThresholdSet th = thresholds.load();
    Utilisation u = new Utilisation(stations.get().list(), rules, th::forStation);
    hours.feed(from, to, u);
    for (Map.Entry<String, Integer> e : hours.fullReports(from, to).entrySet()) {
      u.fullReports(e.getKey(), e.getValue());
    }
    return u.report(from, to);
  }

  /** Queues a run; its view says where it stands (see {@link #runs()}). */
  public RunView<PlanResult> submit(PlanRequest request, String owner) {
    return runs.submit(request.kind().code(), request.name(), owner, c -> run(request, c));
  }

  public RunQueue runs() {
    return runs;
  }

  /**
   * Keeps an ended run under a name: {@code document} is its request and answer as the API rendered
   * them. A name already taken is refused.
   */
  public Scenario saveScenario(String name, String kind, String owner, String document)
      throws SQLException {
    return scenarios.insert(PlanSet.checkName(name), kind, owner, document);
  }

  /** Every kept scenario (without its document), newest first. */
  public List<Scenario> scenarios() throws SQLException {
    return scenarios.list();
  }

  public Scenario scenario(String name) throws SQLException {
    return scenarios
        .find(PlanSet.checkName(name))
        .orElseThrow(() -> new DomainException.NotFound("scenario", name));
  }

  public void deleteScenario(String name) throws SQLException {
    if (!scenarios.delete(PlanSet.checkName(name))) {
      throw new DomainException.NotFound("scenario", name);
    }
  }

  /** One run, on the queue's thread. */
  PlanResult run(PlanRequest r, RunControl control) throws SQLException {
    List<String> notes = new ArrayList<>();
    control.progress(0, "load");
    PlanPoints demand = set(PlanSetKind.DEMAND, r.demand()).points();
    PlanNetwork network =
        (r.keepExisting() ? PlanNetwork.inService(stations.get()) : PlanNetwork.of(List.of()))
            .whatIf(r.added(), r.removed());
    if (!r.keepExisting()) {
      notes.add("existing stations left out: the network is the what-if's added sites only");
    }
    control.progress(0.05, "coverage");
    CoverageReport before = CoverageEngine.compute(demand, network, r.radiusM());
    if (r.overflow().isPresent()) {
      demand = weightByOverflow(demand, before, r.overflow().get(), notes);
      before = CoverageEngine.compute(demand, network, r.radiusM());
    }
    if (!r.kind().sites() || control.cancelled()) {
      return new PlanResult(
          r, demand, before, Optional.empty(), List.of(), Optional.empty(), notes);
    }
    control.progress(0.15, "candidates");
    PlanPoints candidates = candidates(r.candidates(), demand, before);
    if (candidates.size() == 0) {
      notes.add("no candidate sites: the network already covers all the demand");
      return new PlanResult(
          r, demand, before, Optional.empty(), List.of(), Optional.of(before), notes);
    }
    control.progress(0.2, "instance");
    // The covering models need no distances beyond the radius: a cap at the radius keeps the
    // p-median pairs (which they never read) to the covering ones.
    double maxDistance = r.kind() == PlanKind.P_MEDIAN ? r.maxDistanceM() : r.radiusM();
    CoverInstance instance =
        CoverInstanceBuilder.build(demand, candidates, network, r.radiusM(), maxDistance);
    SitingProgress progress = (f, phase) -> control.progress(0.25 + 0.7 * f, phase);
    SitingRun sitingRun = new SitingRun(r.timeLimit(), progress);
    control.onCancel(sitingRun::cancel);
    SitingResult siting =
        switch (r.kind()) {
          case MCLP -> Siting.mclp(instance, r.k(), r.method(), sitingRun);
          case LSCP -> Siting.lscp(instance, r.targetShare(), r.method(), sitingRun);
          case P_MEDIAN -> Siting.pMedian(instance, r.k(), r.method(), sitingRun);
          case COVERAGE -> throw new IllegalStateException("not a siting run");
        };
    control.progress(0.95, "after");
    List<PlanResult.ProposedSite> proposed = new ArrayList<>();
    List<PlanNetwork.Site> newSites = new ArrayList<>();
    int rank = 1;
    for (var g : siting.sites()) {
      int j = g.candidate();
      String label = candidates.label()[j];
      proposed.add(
          new PlanResult.ProposedSite(
              rank,
              candidates.lat()[j],
              candidates.lon()[j],
              label,
              candidates.kind()[j],
              g.gain()));
      newSites.add(
          new PlanNetwork.Site(
              "new-" + rank, candidates.lat()[j], candidates.lon()[j], null, null));
      rank++;
    }
    CoverageReport after =
        CoverageEngine.compute(demand, network.whatIf(newSites, List.of()), r.radiusM());
    return new PlanResult(
        r, demand, before, Optional.of(siting), proposed, Optional.of(after), notes);
  }

  private PlanPoints candidates(
      PlanRequest.Candidates spec, PlanPoints demand, CoverageReport before) throws SQLException {
    if (spec instanceof PlanRequest.Candidates.Stored s) {
      return set(PlanSetKind.CANDIDATE, s.name()).points();
    }
    if (spec instanceof PlanRequest.Candidates.Grid g) {
      return CandidateGenerator.grid(demand, before, g.spacingM());
    }
    if (spec instanceof PlanRequest.Candidates.AtDemand) {
      return CandidateGenerator.demandPoints(demand);
    }
    throw DomainException.InvalidInput.of("candidates", "is required for a siting run");
  }

  /**
   * Multiplies each demand point's weight by {@code 1 + factor × full share} of its nearest station
   * over the last {@code days} days (stations without open hours of data count as never full).
   */
  private PlanPoints weightByOverflow(
      PlanPoints demand, CoverageReport coverage, PlanRequest.Overflow o, List<String> notes)
      throws SQLException {
    Instant to = clock.instant();
    UseReport use = use(to.minus(Duration.ofDays(o.days())), to, UseRules.DEFAULTS);
    Map<String, Double> full = new java.util.HashMap<>();
    for (var s : use.stations()) {
      if (!Double.isNaN(s.fullShare())) {
        full.put(s.stationId(), s.fullShare());
      }
    }
    double[] w = demand.weight().clone();
    int raised = 0;
    for (int i = 0; i < w.length; i++) {
      int site = coverage.nearest()[i];
      if (site < 0) {
        continue;
      }
      double share = full.getOrDefault(coverage.network().id(site), 0.0);
      if (share > 0) {
        w[i] *= 1 + o.factor() * share;
        raised++;
      }
    }
    notes.add(
        raised
            + " demand points weighted up by their nearest station's time full over the last "
            + o.days()
            + " days (factor "
            + o.factor()
            + ")");
    return new PlanPoints(demand.lat(), demand.lon(), w, demand.label(), demand.kind());
  }
}
