package org.yizhan.device;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.yizhan.error.DomainException;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.LiveState;
import org.yizhan.quality.DeviceFlags;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.Station;

/**
 * Device provisioning and inspection for admins: devices joined with their health, connection,
 * latest reading and station. Answers records; the HTTP layer renders them. A {@code stationScope}
 * accepts the station ids the asking admin may see (null: all).
 */
public final class DefaultDeviceAdmin {

  /** Battery at or below this share counts as low in the fleet summary. */
  public static final int LOW_BATTERY_PCT = 20;

  /** How many low batteries the summary lists. */
  static final int LOW_BATTERY_LISTED = 100;

  /** Map colour order: a station shows its worst device. */
  private static final List<DeviceHealth.State> WORST_FIRST =
      List.of(
          DeviceHealth.State.OFFLINE,
          DeviceHealth.State.LATE,
          DeviceHealth.State.NEVER_SEEN,
          DeviceHealth.State.ONLINE,
          DeviceHealth.State.DISABLED);

  private final DeviceRegistry registry;
  private final Function<String, Optional<Station>> stations;
  private final DevicePresence presence;
  private final LiveState live;

  private volatile Function<String, Optional<DeviceFlags>> flags = id -> Optional.empty();

  public DefaultDeviceAdmin(
      DeviceRegistry registry,
      Function<String, Optional<Station>> stations,
      DevicePresence presence,
      LiveState live) {
    this.registry = registry;
    this.stations = stations;
    this.presence = presence;
    this.live = live;
  }

  /**
   * Shows, with each device, the quality flags its latest reading carries (a lying sensor). Set
   * before the first request.
   */
  public DefaultDeviceAdmin showFlagsFrom(Function<String, Optional<DeviceFlags>> flags) {
    this.flags = flags;
    return this;
  }

  /** Why a device cannot be placed at this station (none, or closed), or empty if it can. */
  public Optional<String> stationRefusal(String stationId) {
    if (stations.apply(stationId).isEmpty()) {
      return Optional.of("no station '" + stationId + "'");
    }
    if (!registry.stationOpen(stationId)) {
      return Optional.of("station '" + stationId + "' is closed");
    }
    return Optional.empty();
  }

  /** Provisions a device; returns it with its one-time secret. Blocking. */
  public IssuedSecret provision(ProvisionRequest r) throws SQLException {
    Optional<String> refusal = stationRefusal(r.stationId());
    if (refusal.isPresent()) {
      throw DomainException.InvalidInput.of("station_id", refusal.get());
    }
    DeviceRegistry.Provisioned p =
        registry.provision(r.id(), r.stationId(), r.kind(), r.expectedIntervalS());
    return new IssuedSecret(view(p.device(), Instant.now()), p.secret());
  }

  /** One device, if it exists. */
  public Optional<DeviceView> find(String deviceId) {
    return registry.find(deviceId).map(d -> view(d, Instant.now()));
  }

  /**
   * Disables (refused at its next connect, its current connection closed) or re-enables a device.
   *
   * @throws DomainException.NotFound if there is no such device
   */
  public DeviceView setEnabled(String deviceId, boolean enabled) throws SQLException {
    return view(registry.setEnabled(deviceId, enabled), Instant.now());
  }

  /**
   * Gives a device a new secret; the old secret stops working and a connection made with it is
   * closed.
   *
   * @throws DomainException.NotFound if there is no such device
   */
  public IssuedSecret rotateSecret(String deviceId) throws SQLException {
    DeviceRegistry.Provisioned p = registry.rotateSecret(deviceId);
    return new IssuedSecret(view(p.device(), Instant.now()), p.secret());
  }

  /** The station a device belongs to, if the device exists. */
  public Optional<String> stationOf(String deviceId) {
    return registry.find(deviceId).map(Device::stationId);
  }

  /** The ids of the devices at stations in scope. */
  public List<String> deviceIds(Predicate<String> stationScope) {
    List<String> ids = new ArrayList<>();
    for (Device d : registry.list()) {
      if (stationScope == null || stationScope.test(d.stationId())) {
        ids.add(d.id());
      }
    }
    return ids;
  }

  /** A filtered, sorted page of devices with their health, presence and freshness. */
  public DevicePage list(DeviceQuery q) {
    Instant now = Instant.now();
    List<Keyed> rows = new ArrayList<>();
    for (Device d : registry.list()) {
      if ((q.stationId() != null && !d.stationId().equals(q.stationId()))
          || (q.stationScope() != null && !q.stationScope().test(d.stationId()))) {
        continue;
      }
      Row r = row(d, now);
      if ((q.state() == null || r.state().code().equals(q.state()))
          && (q.city() == null || q.city().equals(r.city()))
          && (q.district() == null || q.district().equals(r.district()))) {
        rows.add(new Keyed(sortKey(r, q.sort()), d.id(), r));
      }
    }
    // Primitive keys, then ids: sorting 10,000 rows this way costs a fraction of boxing
    // comparators.
    rows.sort(Comparator.comparingLong(Keyed::key).thenComparing(Keyed::id));
    List<DeviceView> page = new ArrayList<>();
    int end = (int) Math.min(rows.size(), (long) q.offset() + q.limit());
    for (int i = Math.min(q.offset(), rows.size()); i < end; i++) {
      page.add(view(rows.get(i).row(), now));
    }
    return new DevicePage(now, rows.size(), q.offset(), page);
  }

  /**
   * Stations with devices inside {@code box}, each with its worst device health: the health map.
   */
  public FleetStations fleetStations(BoundingBox box, Predicate<String> stationScope) {
    Instant now = Instant.now();
    Map<String, Map<DeviceHealth.State, Integer>> byStation = new TreeMap<>();
    for (Device d : registry.list()) {
      if (stationScope != null && !stationScope.test(d.stationId())) {
        continue;
      }
      Station st = stations.apply(d.stationId()).orElse(null);
      if (st == null || !box.contains(st.location().lat(), st.location().lon())) {
        continue;
      }
      DeviceHealth.State state =
          DeviceHealth.judge(
              d, live.findDevice(d.id()).orElse(null), presence.find(d.id()).orElse(null), now);
      byStation
          .computeIfAbsent(d.stationId(), k -> new EnumMap<>(DeviceHealth.State.class))
          .merge(state, 1, Integer::sum);
    }
    List<FleetStations.StationHealth> out = new ArrayList<>();
    byStation.forEach(
        (id, counts) -> {
          DeviceHealth.State worst =
              WORST_FIRST.stream().filter(counts::containsKey).findFirst().orElseThrow();
          out.add(new FleetStations.StationHealth(stations.apply(id).orElseThrow(), worst, counts));
        });
    return new FleetStations(now, out);
  }

  /** Device health counted over the whole fleet, per city and district, and low batteries. */
  public FleetSummary fleetSummary(Predicate<String> stationScope) {
    Instant now = Instant.now();
    Map<DeviceHealth.State, Integer> totals = new EnumMap<>(DeviceHealth.State.class);
    Map<Place, Map<DeviceHealth.State, Integer>> byPlace = new TreeMap<>(Place.ORDER);
    List<Row> lowBattery = new ArrayList<>();
    int devices = 0;
    for (Device d : registry.list()) {
      if (stationScope != null && !stationScope.test(d.stationId())) {
        continue;
      }
      devices++;
      Row r = row(d, now);
      totals.merge(r.state(), 1, Integer::sum);
      byPlace
          .computeIfAbsent(
              new Place(r.city(), r.district()), k -> new EnumMap<>(DeviceHealth.State.class))
          .merge(r.state(), 1, Integer::sum);
      if (r.battery() != null
          && r.battery() <= LOW_BATTERY_PCT
          && r.state() != DeviceHealth.State.DISABLED) {
        lowBattery.add(r);
      }
    }
    List<FleetSummary.PlaceCounts> places = new ArrayList<>();
    byPlace.forEach(
        (place, counts) ->
            places.add(new FleetSummary.PlaceCounts(place.city(), place.district(), counts)));
    lowBattery.sort(Comparator.comparing(Row::battery).thenComparing(r -> r.device().id()));
    List<FleetSummary.LowBattery> low = new ArrayList<>();
    for (Row r : lowBattery.subList(0, Math.min(LOW_BATTERY_LISTED, lowBattery.size()))) {
      low.add(
          new FleetSummary.LowBattery(
              r.device().id(), r.device().stationId(), r.battery(), r.state()));
    }
    return new FleetSummary(now, devices, totals, places, LOW_BATTERY_PCT, lowBattery.size(), low);
  }

  /** A city and district, either unknown; unknown sorts first. */
  private record Place(String city, String district) {
    static final Comparator<Place> ORDER =
        Comparator.comparing(Place::city, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(
                Place::district, Comparator.nullsFirst(Comparator.<String>naturalOrder()));
  }

  /** One device joined with what is known of it: health, station place, battery. */
  private record Row(
      Device device,
      DeviceHealth.State state,
      LiveState.DeviceSeen seen,
      DevicePresence.Presence presence,
      String city,
      String district) {
    Integer battery() {
      return seen == null ? null : seen.batteryPct();
    }
  }

  private Row row(Device d, Instant now) {
    LiveState.DeviceSeen seen = live.findDevice(d.id()).orElse(null);
    DevicePresence.Presence p = presence.find(d.id()).orElse(null);
    Station st = stations.apply(d.stationId()).orElse(null);
    return new Row(
        d,
        DeviceHealth.judge(d, seen, p, now),
        seen,
        p,
        st == null ? null : st.city(),
        st == null ? null : st.district());
  }

  /** A row with its sort key: see {@link #sortKey}. */
  private record Keyed(long key, String id, Row row) {}

  /**
   * Ascending sort key: 0 for {@code id} (ids break ties); last receipt time for {@code last_seen},
   * never seen first (the longest silent on top); battery for {@code battery}, unknown last.
   */
  private static long sortKey(Row r, String sort) {
    if ("last_seen".equals(sort)) {
      return r.seen() == null ? Long.MIN_VALUE : r.seen().lastReceivedAt().toEpochMilli();
    }
    if ("battery".equals(sort)) {
      return r.battery() == null ? Long.MAX_VALUE : r.battery();
    }
    return 0;
  }

  private DeviceView view(Device d, Instant now) {
    return view(row(d, now), now);
  }

  private DeviceView view(Row r, Instant now) {
    Device d = r.device();
    return new DeviceView(
        d,
        r.state(),
        r.seen(),
        r.presence(),
        r.city(),
        r.district(),
        registry.stationOpen(d.stationId()),
        flags.apply(d.id()).orElse(null),
        now);
  }
}
