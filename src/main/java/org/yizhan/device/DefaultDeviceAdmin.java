package org.yizhan.device;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.yizhan.api.DeviceAdmin;
import org.yizhan.api.DeviceQuery;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;
import org.yizhan.ingest.RejectionLog;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.LiveState;
import org.yizhan.station.Station;

/** Device provisioning and inspection for admins. */
public final class DefaultDeviceAdmin implements DeviceAdmin {

  private final DeviceRegistry registry;
  private final Function<String, java.util.Optional<Station>> stations;
  private final DevicePresence presence;
  private final LiveState live;
  private final RejectionLog rejections;
  private final ConfigChanges configs;
  private final FleetWatch watch;

  /**
   * Shows, with each device, the quality flags its latest reading carries (a lying sensor). Set
   * before the first request.
   */
  public DefaultDeviceAdmin showFlagsFrom(
      Function<String, java.util.Optional<org.yizhan.quality.DeviceFlags>> flags) {
    this.flags = flags;
    return this;
  }

  private volatile Function<String, java.util.Optional<org.yizhan.quality.DeviceFlags>> flags =
      id -> java.util.Optional.empty();

  public DefaultDeviceAdmin(
      DeviceRegistry registry,
      Function<String, java.util.Optional<Station>> stations,
      DevicePresence presence,
      LiveState live,
      RejectionLog rejections,
      ConfigChanges configs,
      FleetWatch watch) {
    this.registry = registry;
    this.configs = configs;
    this.watch = watch;
    this.stations = stations;
    this.presence = presence;
    this.live = live;
    this.rejections = rejections;
  }

  @Override
  public JsonObject provision(JsonObject req) throws SQLException {
    List<Violation> problems = new ArrayList<>();
    for (String name : req.fieldNames()) {
      if (!List.of("id", "station_id", "kind", "expected_interval_s").contains(name)) {
        problems.add(Violation.of(name, "unknown field"));
      }
    }
    String id = req.getValue("id") instanceof String s ? s : null;
    if (req.containsKey("id") && (id == null || !Station.ID_PATTERN.matcher(id).matches())) {
      problems.add(Violation.of("id", "must be 1-64 of a-z, 0-9 and '-'"));
    }
    String stationId = req.getValue("station_id") instanceof String s ? s : null;
    if (stationId == null) {
      problems.add(Violation.of("station_id", "is required"));
    } else if (stations.apply(stationId).isEmpty()) {
      problems.add(Violation.of("station_id", "no station '" + stationId + "'"));
    } else if (!registry.stationOpen(stationId)) {
      problems.add(Violation.of("station_id", "station '" + stationId + "' is closed"));
    }
    DeviceKind kind = DeviceKind.COMBINED;
    if (req.containsKey("kind")) {
      kind =
          req.getValue("kind") instanceof String s ? DeviceKind.findByCode(s).orElse(null) : null;
      if (kind == null) {
        problems.add(Violation.of("kind", "must be people_counter, climate or combined"));
      }
    }
    int interval = 60;
    if (req.containsKey("expected_interval_s")) {
      Object v = req.getValue("expected_interval_s");
      if (!(v instanceof Integer i) || i < 5 || i > 86_400) {
        problems.add(Violation.of("expected_interval_s", "must be an integer from 5 to 86400"));
      } else {
        interval = i;
      }
    }
    if (!problems.isEmpty()) {
      throw DomainException.InvalidInput.of(problems);
    }
    DeviceRegistry.Provisioned p = registry.provision(id, stationId, kind, interval);
    return describe(p.device(), Instant.now())
        .put("secret", p.secret())
        .put("mqtt_username", p.device().id())
        .put("note", "The secret is shown only once; store it in the device now.");
  }

  @Override
  public java.util.Optional<JsonObject> find(String deviceId) {
    return registry.find(deviceId).map(d -> describe(d, Instant.now()));
  }

  @Override
  public JsonObject setEnabled(String deviceId, boolean enabled) throws SQLException {
    return describe(registry.setEnabled(deviceId, enabled), Instant.now());
  }

  @Override
  public JsonObject rotateSecret(String deviceId) throws SQLException {
    DeviceRegistry.Provisioned p = registry.rotateSecret(deviceId);
    return describe(p.device(), Instant.now())
        .put("secret", p.secret())
        .put("mqtt_username", p.device().id())
        .put(
            "note",
            "The new secret is shown only once; the old one no longer works. Store it in the device"
                + " now.");
  }

  @Override
  public JsonObject fleetChanges(
      Instant since, int limit, java.util.function.Predicate<String> stationScope) {
    return watch.changes(since, limit, stationScope);
  }

  @Override
  public java.util.Optional<String> stationOf(String deviceId) {
    return registry.find(deviceId).map(Device::stationId);
  }

  @Override
  public JsonObject config(String deviceId) {
    return configs.current(deviceId);
  }

  @Override
  public JsonObject changeConfig(String deviceId, JsonObject body) throws SQLException {
    return configs.change(deviceId, body);
  }

  @Override
  public JsonObject list(DeviceQuery q) {
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
    JsonArray out = new JsonArray();
    int end = (int) Math.min(rows.size(), (long) q.offset() + q.limit());
    for (int i = Math.min(q.offset(), rows.size()); i < end; i++) {
      out.add(describe(rows.get(i).row(), now));
    }
    return new JsonObject()
        .put("as_of", now.toString())
        .put("number_matched", rows.size())
        .put("number_returned", out.size())
        .put("offset", q.offset())
        .put("devices", out);
  }

  /** Map colour order: a station shows its worst device. */
  private static final List<DeviceHealth.State> WORST_FIRST =
      List.of(
          DeviceHealth.State.OFFLINE,
          DeviceHealth.State.LATE,
          DeviceHealth.State.NEVER_SEEN,
          DeviceHealth.State.ONLINE,
          DeviceHealth.State.DISABLED);

  @Override
  public JsonObject fleetStations(
      org.yizhan.station.BoundingBox box, java.util.function.Predicate<String> stationScope) {
    Instant now = Instant.now();
    java.util.Map<String, java.util.Map<DeviceHealth.State, Integer>> byStation =
        new java.util.TreeMap<>();
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
          .computeIfAbsent(d.stationId(), k -> new java.util.EnumMap<>(DeviceHealth.State.class))
          .merge(state, 1, Integer::sum);
    }
    JsonArray features = new JsonArray();
    byStation.forEach(
        (id, counts) -> {
          Station st = stations.apply(id).orElseThrow();
          DeviceHealth.State worst =
              WORST_FIRST.stream().filter(counts::containsKey).findFirst().orElseThrow();
          features.add(
              new JsonObject()
                  .put("type", "Feature")
                  .put(
                      "geometry",
                      new JsonObject()
                          .put("type", "Point")
                          .put(
                              "coordinates",
                              new JsonArray().add(st.location().lon()).add(st.location().lat())))
                  .put(
                      "properties",
                      new JsonObject()
                          .put("id", id)
                          .put("name_zh", st.nameZh())
                          .put("name_en", st.nameEn())
                          .put("city", st.city())
                          .put("district", st.district())
                          .put("health", worst.code())
                          .put("devices", counts(counts))));
        });
    return new JsonObject()
        .put("type", "FeatureCollection")
        .put("as_of", now.toString())
        .put("features", features);
  }

  /** Battery at or below this share counts as low in the fleet summary. */
  static final int LOW_BATTERY_PCT = 20;

  @Override
  public JsonObject fleetSummary(java.util.function.Predicate<String> stationScope) {
    Instant now = Instant.now();
    java.util.Map<DeviceHealth.State, Integer> totals =
        new java.util.EnumMap<>(DeviceHealth.State.class);
    java.util.Map<Place, java.util.Map<DeviceHealth.State, Integer>> byPlace =
        new java.util.TreeMap<>(Place.ORDER);
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
              new Place(r.city(), r.district()),
              k -> new java.util.EnumMap<>(DeviceHealth.State.class))
          .merge(r.state(), 1, Integer::sum);
      if (r.battery() != null
          && r.battery() <= LOW_BATTERY_PCT
          && r.state() != DeviceHealth.State.DISABLED) {
        lowBattery.add(r);
      }
    }
    JsonArray places = new JsonArray();
    byPlace.forEach(
        (place, counts) ->
            places.add(counts(counts).put("city", place.city()).put("district", place.district())));
    lowBattery.sort(Comparator.comparing(Row::battery).thenComparing(r -> r.device().id()));
    JsonArray low = new JsonArray();
    for (Row r : lowBattery.subList(0, Math.min(100, lowBattery.size()))) {
      low.add(
          new JsonObject()
              .put("id", r.device().id())
              .put("station_id", r.device().stationId())
              .put("battery_pct", r.battery())
              .put("state", r.state().code()));
    }
    return new JsonObject()
        .put("as_of", now.toString())
        .put("devices", devices)
        .put("totals", counts(totals))
        .put("by_place", places)
        .put("low_battery_pct", LOW_BATTERY_PCT)
        .put("low_battery_count", lowBattery.size())
        .put("low_battery", low);
  }

  private static JsonObject counts(java.util.Map<DeviceHealth.State, Integer> counts) {
    JsonObject o = new JsonObject();
    for (DeviceHealth.State s : DeviceHealth.State.values()) {
      o.put(s.code(), counts.getOrDefault(s, 0));
    }
    return o;
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

  @Override
  public JsonObject rejections(int limit, java.util.function.Predicate<String> stationScope)
      throws SQLException {
    JsonObject counts = new JsonObject();
    List<String> mine = null;
    if (stationScope == null) {
      rejections.counts().forEach((k, v) -> counts.put(k.code(), v));
    } else {
      // Counts since start are fleet-wide; a scoped admin sees only their devices' rows.
      mine = new ArrayList<>();
      for (Device d : registry.list()) {
        if (stationScope.test(d.stationId())) {
          mine.add(d.id());
        }
      }
    }
    JsonArray latest = new JsonArray();
    for (RejectionLog.Rejection r : rejections.latest(limit, mine)) {
      latest.add(
          new JsonObject()
              .put("time", r.time().toString())
              .put("client_id", r.clientId())
              .put("device_id", r.deviceId())
              .put("topic", r.topic())
              .put("reason", r.reason().code())
              .put("detail", r.detail())
              .put("payload", r.payloadExcerpt()));
    }
    return new JsonObject().put("counts_since_start", counts).put("latest", latest);
  }

  private JsonObject describe(Device d, Instant now) {
    return describe(row(d, now), now);
  }

  private JsonObject describe(Row r, Instant now) {
    Device d = r.device();
    JsonObject o =
        new JsonObject()
            .put("id", d.id())
            .put("station_id", d.stationId())
            .put("city", r.city())
            .put("district", r.district())
            .put("kind", d.kind().code())
            .put("state", r.state().code())
            .put("expected_interval_s", d.expectedIntervalS())
            .put("firmware", d.firmware())
            .put("enabled", d.isEnabled())
            .put("disabled_at", d.disabledAt() == null ? null : d.disabledAt().toString())
            .put("station_open", registry.stationOpen(d.stationId()))
            .put(
                "quality_flags",
                flags
                    .apply(d.id())
                    .map(f -> f.json().getJsonObject("flags"))
                    .orElseGet(JsonObject::new));
    DevicePresence.Presence p = r.presence();
    if (p != null) {
      o.put("connection", p.online() ? "online" : "offline")
          .put("firmware", p.firmware() != null ? p.firmware() : d.firmware())
          .put("connection_since", p.since().toString())
          .put("connection_reason", p.reason());
    }
    LiveState.DeviceSeen s = r.seen();
    if (s != null) {
      o.put("last_reading_at", s.lastReadingTime().toString())
          .put("last_received_at", s.lastReceivedAt().toString())
          .put(
              "last_seen_age_s",
              Math.max(0, now.getEpochSecond() - s.lastReceivedAt().getEpochSecond()))
          .put("clock_skew_s", DeviceHealth.clockSkewSeconds(s))
          .put("battery_pct", s.batteryPct())
          .put("rssi_dbm", s.rssiDbm());
    } else {
      o.put("last_reading_at", (String) null);
    }
    return o;
  }
}
