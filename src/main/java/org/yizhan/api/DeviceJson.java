package org.yizhan.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.yizhan.device.ConfigChanges;
import org.yizhan.device.DefaultDeviceAdmin;
import org.yizhan.device.DeviceHealth;
import org.yizhan.device.DeviceKind;
import org.yizhan.device.DevicePage;
import org.yizhan.device.DeviceQuery;
import org.yizhan.device.DeviceView;
import org.yizhan.device.FleetStations;
import org.yizhan.device.FleetSummary;
import org.yizhan.device.FleetWatch;
import org.yizhan.device.IssuedSecret;
import org.yizhan.device.ProvisionRequest;
import org.yizhan.error.Violation;
import org.yizhan.ingest.RejectionLog;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.LiveState;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.Station;

/**
 * The device admin API's JSON: reads provisioning requests into typed ones and renders the device
 * service's records (device table, health map, fleet summary, rejected messages) as the admin
 * console reads them.
 *
 * <p>Over 300 lines: one short renderer per admin answer, kept together so that the console's JSON
 * shapes can be read in one place.
 */
public final class DeviceJson {

  private static final List<String> PROVISION_FIELDS =
      List.of("id", "station_id", "kind", "expected_interval_s");

  private final DefaultDeviceAdmin devices;
  private final ConfigChanges configs;
  private final FleetWatch watch;
  private final RejectionLog rejections;

  public DeviceJson(
      DefaultDeviceAdmin devices,
      ConfigChanges configs,
      FleetWatch watch,
      RejectionLog rejections) {
    this.devices = devices;
    this.configs = configs;
    this.watch = watch;
    this.rejections = rejections;
  }

  /** Provisions a device from a request body; returns it with its one-time secret. Blocking. */
  public JsonObject provision(JsonObject req) throws SQLException {
    IssuedSecret issued = devices.provision(provisionRequest(req));
    return describe(issued.device())
        .put("secret", issued.secret())
        .put("mqtt_username", issued.device().device().id())
        .put("note", "The secret is shown only once; store it in the device now.");
  }

  /** Reads a provisioning body, refusing it with every wrong field named. */
  private ProvisionRequest provisionRequest(JsonObject req) {
    List<Violation> problems = new ArrayList<>();
    for (String name : req.fieldNames()) {
      if (!PROVISION_FIELDS.contains(name)) {
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
    } else {
      devices
          .stationRefusal(stationId)
          .ifPresent(reason -> problems.add(Violation.of("station_id", reason)));
    }
    DeviceKind kind = DeviceKind.COMBINED;
    if (req.containsKey("kind")) {
      kind =
          req.getValue("kind") instanceof String s ? DeviceKind.findByCode(s).orElse(null) : null;
      if (kind == null) {
        problems.add(Violation.of("kind", "must be people_counter, climate or combined"));
      }
    }
    int interval = ProvisionRequest.DEFAULT_INTERVAL_S;
    if (req.containsKey("expected_interval_s")) {
      Object v = req.getValue("expected_interval_s");
      if (!(v instanceof Integer i) || i < 5 || i > 86_400) {
        problems.add(Violation.of("expected_interval_s", "must be an integer from 5 to 86400"));
      } else {
        interval = i;
      }
    }
    if (!problems.isEmpty()) {
      throw ProblemException.invalid(problems);
    }
    return new ProvisionRequest(id, stationId, kind, interval);
  }

  /** One device as the device table shows it, if it exists. */
  public Optional<JsonObject> find(String deviceId) {
    return devices.find(deviceId).map(DeviceJson::describe);
  }

  /** Disables or re-enables a device; returns it. Not found: a 404 problem. */
  public JsonObject setEnabled(String deviceId, boolean enabled) throws SQLException {
    return describe(devices.setEnabled(deviceId, enabled));
  }

  /** A new secret for a device, returned once with the device. Not found: a 404 problem. */
  public JsonObject rotateSecret(String deviceId) throws SQLException {
    IssuedSecret issued = devices.rotateSecret(deviceId);
    return describe(issued.device())
        .put("secret", issued.secret())
        .put("mqtt_username", issued.device().device().id())
        .put(
            "note",
            "The new secret is shown only once; the old one no longer works. Store it in the device"
                + " now.");
  }

  /** The station a device belongs to, if the device exists. */
  public Optional<String> stationOf(String deviceId) {
    return devices.stationOf(deviceId);
  }

  /** The configuration a device should run, as published to it. */
  public JsonObject config(String deviceId) {
    return configs.current(deviceId);
  }

  /** Replaces a device's configuration and delivers it; see the device package's ConfigChanges. */
  public JsonObject changeConfig(String deviceId, JsonObject body) throws SQLException {
    return configs.change(deviceId, body);
  }

  /** The latest changes of device health, newest first, optionally only after {@code since}. */
  public JsonObject fleetChanges(Instant since, int limit, Predicate<String> stationScope) {
    JsonArray out = new JsonArray();
    for (FleetWatch.Change c : watch.changes(since, limit, stationScope)) {
      out.add(
          new JsonObject()
              .put("device_id", c.deviceId())
              .put("station_id", c.stationId())
              .put("from", c.from().code())
              .put("to", c.to().code())
              .put("at", c.at().toString()));
    }
    return new JsonObject().put("changes", out);
  }

  /** A filtered, sorted page of devices with their health, presence and freshness. */
  public JsonObject list(DeviceQuery q) {
    DevicePage page = devices.list(q);
    JsonArray out = new JsonArray();
    for (DeviceView v : page.devices()) {
      out.add(describe(v));
    }
    return new JsonObject()
        .put("as_of", page.asOf().toString())
        .put("numberMatched", page.matched())
        .put("numberReturned", out.size())
        .put("offset", page.offset())
        .put("devices", out);
  }

  /** The health map as a GeoJSON FeatureCollection with counts per state. */
  public JsonObject fleetStations(BoundingBox box, Predicate<String> stationScope) {
    FleetStations map = devices.fleetStations(box, stationScope);
    JsonArray features = new JsonArray();
    for (FleetStations.StationHealth h : map.stations()) {
      Station st = h.station();
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
                      .put("id", st.id())
                      .put("name_zh", st.nameZh())
                      .put("name_en", st.nameEn())
                      .put("city", st.city())
                      .put("district", st.district())
                      .put("health", h.worst().code())
                      .put("devices", counts(h.counts()))));
    }
    return new JsonObject()
        .put("type", "FeatureCollection")
        .put("as_of", map.asOf().toString())
        .put("features", features);
  }

  /** Device health counted over the whole fleet, per city and district, and low batteries. */
  public JsonObject fleetSummary(Predicate<String> stationScope) {
    FleetSummary s = devices.fleetSummary(stationScope);
    JsonArray places = new JsonArray();
    for (FleetSummary.PlaceCounts p : s.byPlace()) {
      places.add(counts(p.counts()).put("city", p.city()).put("district", p.district()));
    }
    JsonArray low = new JsonArray();
    for (FleetSummary.LowBattery b : s.lowBattery()) {
      low.add(
          new JsonObject()
              .put("id", b.id())
              .put("station_id", b.stationId())
              .put("battery_pct", b.batteryPct())
              .put("state", b.state().code()));
    }
    return new JsonObject()
        .put("as_of", s.asOf().toString())
        .put("devices", s.devices())
        .put("totals", counts(s.totals()))
        .put("by_place", places)
        .put("low_battery_pct", s.lowBatteryPct())
        .put("low_battery_count", s.lowBatteryCount())
        .put("low_battery", low);
  }

  /** Rejected-message counts per reason and the latest kept rejections. Blocking. */
  public JsonObject rejections(int limit, Predicate<String> stationScope) throws SQLException {
    JsonObject counts = new JsonObject();
    List<String> mine = null;
    if (stationScope == null) {
      rejections.counts().forEach((k, v) -> counts.put(k.code(), v));
    } else {
      // Counts since start are fleet-wide; a scoped admin sees only their devices' rows.
      mine = devices.deviceIds(stationScope);
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

  private static JsonObject counts(Map<DeviceHealth.State, Integer> counts) {
    JsonObject o = new JsonObject();
    for (DeviceHealth.State s : DeviceHealth.State.values()) {
      o.put(s.code(), counts.getOrDefault(s, 0));
    }
    return o;
  }

  /** A device as the device table shows it. */
  private static JsonObject describe(DeviceView v) {
    var d = v.device();
    Instant now = v.asOf();
    JsonObject o =
        new JsonObject()
            .put("id", d.id())
            .put("station_id", d.stationId())
            .put("city", v.city())
            .put("district", v.district())
            .put("kind", d.kind().code())
            .put("state", v.state().code())
            .put("expected_interval_s", d.expectedIntervalS())
            .put("firmware", d.firmware())
            .put("enabled", d.isEnabled())
            .put("disabled_at", d.disabledAt() == null ? null : d.disabledAt().toString())
            .put("station_open", v.stationOpen())
            .put(
                "quality_flags",
                v.flags() == null ? new JsonObject() : v.flags().json().getJsonObject("flags"));
    DevicePresence.Presence p = v.presence();
    if (p != null) {
      o.put("connection", p.online() ? "online" : "offline")
          .put("firmware", p.firmware() != null ? p.firmware() : d.firmware())
          .put("connection_since", p.since().toString())
          .put("connection_reason", p.reason());
    }
    LiveState.DeviceSeen s = v.seen();
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
