package org.yizhan.device;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;
import org.yizhan.telemetry.DeviceConfig;
import org.yizhan.telemetry.TelemetryDecoder;

/**
 * An admin changes a device's configuration: the request is checked against the contract's own
 * config schema, stored with the next version, the device's expected interval follows it, and the
 * device gets the new configuration (see {@link ConfigDelivery}).
 */
public final class ConfigChanges {

  private static final Set<String> FIELDS =
      Set.of("interval_s", "temperature_high_c", "temperature_low_c", "occupancy_report");

  private final DeviceRegistry devices;
  private final DeviceConfigs configs;
  private final TelemetryDecoder contract;
  private final ConfigDelivery delivery;

  public ConfigChanges(
      DeviceRegistry devices,
      DeviceConfigs configs,
      TelemetryDecoder contract,
      ConfigDelivery delivery) {
    this.devices = devices;
    this.configs = configs;
    this.contract = contract;
    this.delivery = delivery;
  }

  /** The configuration the device should run, exactly as it is published to it. */
  public JsonObject current(String deviceId) {
    Device d = device(deviceId);
    return new JsonObject().put("device_id", d.id()).put("config", payload(configs.configFor(d)));
  }

  /**
   * Replaces the device's configuration with {@code body} (the complete configuration without
   * {@code version}; absent thresholds mean none). Blocking.
   */
  public JsonObject change(String deviceId, JsonObject body) throws SQLException {
    Device d = device(deviceId);
    List<Violation> problems = new ArrayList<>();
    for (String name : body.fieldNames()) {
      if (name.equals("version")) {
        problems.add(Violation.of(name, "is set by the server; leave it out"));
      } else if (!FIELDS.contains(name)) {
        problems.add(Violation.of(name, "unknown field"));
      }
    }
    if (!problems.isEmpty()) {
      throw DomainException.InvalidInput.of(problems);
    }
    DeviceConfig before = configs.configFor(d);
    JsonObject candidate = body.copy().put("version", before.version() + 1);
    problems.addAll(contract.configViolations(candidate.encode()));
    Double high = number(body, "temperature_high_c");
    Double low = number(body, "temperature_low_c");
    for (String name : List.of("temperature_high_c", "temperature_low_c")) {
      Double v = number(body, name);
      if (v != null && !DeviceConfigs.storable(v)) {
        problems.add(Violation.of(name, DeviceConfigs.STORABLE_RULE));
      }
    }
    if (problems.isEmpty() && high != null && low != null && !(low < high)) {
      problems.add(Violation.of("temperature_low_c", "must be below temperature_high_c"));
    }
    if (!problems.isEmpty()) {
      throw DomainException.InvalidInput.of(problems);
    }
    DeviceConfig next;
    Device updated;
    try {
      next =
          configs.update(
              d,
              body.getInteger("interval_s"),
              high,
              low,
              DeviceConfig.OccupancyReport.valueOf(
                  body.getString("occupancy_report").toUpperCase(java.util.Locale.ROOT)));
      updated = devices.changeExpectedInterval(d.id(), next.intervalS());
    } catch (SQLException e) {
      if (refusedByDatabase(e)) {
        throw DomainException.InvalidInput.of(
            "body", "holds a value the database cannot store (SQLSTATE " + e.getSQLState() + ")");
      }
      throw e;
    }
    ConfigDelivery.Outcome outcome = delivery.deliver(updated, contract.encodeConfig(next));
    return new JsonObject()
        .put("device_id", d.id())
        .put("config", payload(next))
        .put("delivery", outcome.code());
  }

  /**
   * A value the database refuses (SQLSTATE class 22, data exception, or 23, a constraint) is the
   * request's fault, whatever let it through the checks above: a 400, never a 500. Anything else
   * (the database unreachable, say) stays a server error.
   */
  private static boolean refusedByDatabase(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  private Device device(String id) {
    return devices.find(id).orElseThrow(() -> new DomainException.NotFound("device", id));
  }

  private JsonObject payload(DeviceConfig c) {
    return new JsonObject(io.vertx.core.buffer.Buffer.buffer(contract.encodeConfig(c)));
  }

  private static Double number(JsonObject body, String name) {
    return body.getValue(name) instanceof Number n ? n.doubleValue() : null;
  }
}
