package org.yizhan.planning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;
import org.yizhan.geo.PointIndex;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;
import org.yizhan.station.StationStatus;
import org.yizhan.station.hours.OpenState;

/**
 * The stations a coverage run measures against, in column form with their own exact great-circle
 * index: position {@code s} is site {@code id(s)} at {@code lat(s), lon(s)} in a city and district
 * (either may be {@code null}). Among equally near sites the lower position wins, so a network made
 * from the registry breaks ties by station id, as nearby search does.
 *
 * <p>Immutable; a what-if is a new network.
 */
public final class PlanNetwork {

  /** A station or a proposed site. {@code city} and {@code district} may be {@code null}. */
  public record Site(String id, double lat, double lon, String city, String district) {}

  private final String[] id;
  private final double[] lat;
  private final double[] lon;
  private final String[] city;
  private final String[] district;
  private final PointIndex index;

  private PlanNetwork(List<Site> sites) {
    int n = sites.size();
    id = new String[n];
    lat = new double[n];
    lon = new double[n];
    city = new String[n];
    district = new String[n];
    for (int s = 0; s < n; s++) {
      Site site = sites.get(s);
      id[s] = site.id();
      lat[s] = site.lat();
      lon[s] = site.lon();
      city[s] = site.city();
      district[s] = site.district();
    }
    index = PointIndex.build(lat, lon);
  }

  /** A network of the given sites, in this order. */
  public static PlanNetwork of(List<Site> sites) {
    Set<String> seen = new HashSet<>();
    for (Site s : sites) {
      if (!seen.add(s.id())) {
        throw new IllegalArgumentException("site id appears twice: " + s.id());
      }
    }
    return new PlanNetwork(sites);
  }

  /**
   * The registry's stations in service: status {@code active}, whatever their opening hours. This
   * is the default network of a plan, because a plan is about where stations stand, not the hour.
   */
  public static PlanNetwork inService(StationSnapshot snapshot) {
    return from(snapshot, s -> s.status() == StationStatus.ACTIVE);
  }

  /** The registry's stations open at {@code t} by their hours ("open now" of nearby search). */
  public static PlanNetwork openAt(StationSnapshot snapshot, Instant t) {
    return from(snapshot, s -> StationSnapshot.openState(s, t) == OpenState.OPEN);
  }

  private static PlanNetwork from(
      StationSnapshot snapshot, java.util.function.Predicate<Station> keep) {
    List<Site> sites = new ArrayList<>(snapshot.size());
    for (Station s : snapshot.list()) {
      if (keep.test(s)) {
        sites.add(new Site(s.id(), s.location().lat(), s.location().lon(), s.city(), s.district()));
      }
    }
    return new PlanNetwork(sites);
  }

  /**
   * A what-if: this network without the {@code removed} station ids and with {@code added} sites
   * after the rest. An added site without a city takes the city and district of the nearest
   * remaining station, so by-area figures stay meaningful. Refuses removed ids that are not in the
   * network and added ids that clash.
   */
  public PlanNetwork whatIf(List<Site> added, Collection<String> removed) {
    Map<String, Integer> position = new HashMap<>(id.length * 2);
    for (int s = 0; s < id.length; s++) {
      position.put(id[s], s);
    }
    List<Violation> violations = new ArrayList<>();
    Set<String> gone = new HashSet<>();
    for (String r : removed) {
      if (!position.containsKey(r)) {
        violations.add(Violation.of("remove", "station '" + r + "' is not in the network"));
      }
      gone.add(r);
    }
    List<Site> kept = new ArrayList<>(id.length + added.size());
    for (int s = 0; s < id.length; s++) {
      if (!gone.contains(id[s])) {
        kept.add(new Site(id[s], lat[s], lon[s], city[s], district[s]));
      }
    }
    PlanNetwork remaining = new PlanNetwork(kept);
    Set<String> ids = new HashSet<>();
    kept.forEach(s -> ids.add(s.id()));
    int[] item = new int[1];
    double[] dist = new double[1];
    for (Site a : added) {
      if (!ids.add(a.id())) {
        violations.add(Violation.of("add", "site id '" + a.id() + "' is already in the network"));
        continue;
      }
      Site site = a;
      if (a.city() == null
          && remaining.index.nearest(
                  a.lat(), a.lon(), 1, Double.POSITIVE_INFINITY, i -> true, item, dist)
              == 1) {
        site =
            new Site(
                a.id(), a.lat(), a.lon(), remaining.city[item[0]], remaining.district[item[0]]);
      }
      kept.add(site);
    }
    if (!violations.isEmpty()) {
      throw DomainException.InvalidInput.of(violations);
    }
    return new PlanNetwork(kept);
  }

  public int size() {
    return id.length;
  }

  public String id(int s) {
    return id[s];
  }

  public double lat(int s) {
    return lat[s];
  }

  public double lon(int s) {
    return lon[s];
  }

  public String city(int s) {
    return city[s];
  }

  public String district(int s) {
    return district[s];
  }

  /** The exact great-circle index over the sites, by position. */
  PointIndex index() {
    return index;
  }
}
