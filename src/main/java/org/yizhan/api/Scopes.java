package org.yizhan.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.yizhan.account.Principal;
import org.yizhan.station.Station;
import org.yizhan.station.StationRegistry;

/**
 * Which stations an admin may see and change. Things outside an admin's scope answer 404, as if
 * they did not exist, so a district admin cannot even learn another district's ids; a new station
 * placed outside the scope answers 403.
 */
final class Scopes {

  private final StationRegistry stations;
  private final DeviceJson devices;

  Scopes(StationRegistry stations, DeviceJson devices) {
    this.stations = stations;
    this.devices = devices;
  }

  /** A test on station ids for this principal; null when it sees every station. */
  Predicate<String> filter(Principal p) {
    if (p.isSuper()) {
      return null;
    }
    var snapshot = stations.snapshot();
    return id -> snapshot.find(id).map(p::covers).orElse(false);
  }

  /** The ids of the stations this principal sees, for SQL filters; null when it sees all. */
  List<String> stationIds(Principal p) {
    if (p.isSuper()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Station s : stations.snapshot().list()) {
      if (p.covers(s)) {
        out.add(s.id());
      }
    }
    return out;
  }

  /** The station, if it exists and is in scope; else 404. */
  Station station(Principal p, String stationId) {
    Optional<Station> s = stations.snapshot().find(stationId);
    if (s.isEmpty() || !p.covers(s.get())) {
      throw ProblemException.notFound("station", stationId);
    }
    return s.get();
  }

  /** The device's station id, if the device exists and is in scope; else 404. */
  String device(Principal p, String deviceId) {
    String stationId = devices == null ? null : devices.stationOf(deviceId).orElse(null);
    if (stationId == null || !covers(p, stationId)) {
      throw ProblemException.notFound("device", deviceId);
    }
    return stationId;
  }

  /** Whether the principal covers this station id (false for an unknown station). */
  boolean covers(Principal p, String stationId) {
    return p.isSuper()
        || (stationId != null && stations.snapshot().find(stationId).map(p::covers).orElse(false));
  }

  /** Refuses a station an admin wants to create or move outside their scope. */
  static void requirePlacement(Principal p, Station draft) {
    if (!p.covers(draft)) {
      throw new ProblemException(
          ErrorCode.FORBIDDEN,
          "Station '"
              + draft.id()
              + "' would be in "
              + draft.city()
              + "/"
              + draft.district()
              + ", outside the stations you administer");
    }
  }
}
