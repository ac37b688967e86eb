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
import org.yizhan.error.ProblemException;
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

  public DefaultDeviceAdmin(
      DeviceRegistry registry,
      Function<String, java.util.Optional<Station>> stations,
      DevicePresence presence,
      LiveState live,
      RejectionLog rejections,
      ConfigChanges configs) {
    this.registry = registry;
    this.configs = configs;
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
      throw ProblemException.invalid(problems);
    }
    DeviceRegistry.Provisioned p = registry.provision(id, stationId, kind, interval);
    return describe(p.device(), Instant.now())
        .put("secret", p.secret())
        .put("mqtt_username", p.device().id())
        .put("note", "The secret is shown only once; store it in the device now.");
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
  public JsonObject list(String stationId) {
    Instant now = Instant.now();
    JsonArray out = new JsonArray();
    registry.list().stream()
        .filter(d -> stationId == null || d.stationId().equals(stationId))
        .sorted(Comparator.comparing(Device::id))
        .forEach(d -> out.add(describe(d, now)));
    return new JsonObject().put("devices", out);
  }

  @Override
  public JsonObject rejections(int limit) throws SQLException {
    JsonObject counts = new JsonObject();
    rejections.counts().forEach((k, v) -> counts.put(k.code(), v));
    JsonArray latest = new JsonArray();
    for (RejectionLog.Rejection r : rejections.latest(limit)) {
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
    JsonObject o =
        new JsonObject()
            .put("id", d.id())
            .put("station_id", d.stationId())
            .put("kind", d.kind().code())
            .put("expected_interval_s", d.expectedIntervalS())
            .put("firmware", d.firmware())
            .put("enabled", d.isEnabled());
    presence
        .find(d.id())
        .ifPresent(
            p ->
                o.put("connection", p.online() ? "online" : "offline")
                    .put("firmware", p.firmware() != null ? p.firmware() : d.firmware())
                    .put("connection_since", p.since().toString())
                    .put("connection_reason", p.reason()));
    live.findDevice(d.id())
        .ifPresentOrElse(
            s ->
                o.put("last_reading_at", s.lastReadingTime().toString())
                    .put("last_received_at", s.lastReceivedAt().toString())
                    .put(
                        "last_reading_age_s",
                        Math.max(0, now.getEpochSecond() - s.lastReadingTime().getEpochSecond()))
                    .put("battery_pct", s.batteryPct())
                    .put("rssi_dbm", s.rssiDbm()),
            () -> o.put("last_reading_at", (String) null));
    return o;
  }
}
