package org.yizhan.api.ogc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.yizhan.device.DeviceHealth;
import org.yizhan.station.BoundingBox;

/**
 * The device health map for admins: one feature per station that has devices, at the station, with
 * the worst health among its devices and how many are in each state, as {@code
 * /api/v1/fleet/stations} answers it (and within the same scope: a station admin sees their
 * stations only).
 */
final class DeviceHealthCollection implements OgcCollection {

  private static final List<String> PROPERTIES = properties0();

  private final BiFunction<BoundingBox, Predicate<String>, JsonObject> healthMap;

  /**
   * @param healthMap the admin API's health map: stations with devices in a box, within a scope
   */
  DeviceHealthCollection(BiFunction<BoundingBox, Predicate<String>, JsonObject> healthMap) {
    this.healthMap = healthMap;
  }

  @Override
  public String id() {
    return "device-health";
  }

  @Override
  public String title() {
    return "Device health by station";
  }

  @Override
  public String description() {
    return "Stations with devices, each with the worst health among its devices (online, late,"
        + " offline, never_seen, disabled) and the number of devices in each state. Admins only.";
  }

  @Override
  public Access access() {
    return Access.ADMIN;
  }

  @Override
  public boolean blocking() {
    return true;
  }

  @Override
  public double[] extent() {
    return new double[] {-180, -90, 180, 90};
  }

  @Override
  public List<String> properties() {
    return PROPERTIES;
  }

  @Override
  public Page items(
      BoundingBox box, int offset, int limit, Predicate<String> stationScope, Instant now) {
    JsonArray all = healthMap.apply(box, stationScope).getJsonArray("features");
    List<String> out = new ArrayList<>();
    for (int i = offset; i < all.size() && out.size() < limit; i++) {
      out.add(flat(all.getJsonObject(i), now));
    }
    return new Page(all.size(), out);
  }

  @Override
  public Optional<String> feature(String id, Predicate<String> stationScope, Instant now) {
    if (stationScope != null && !stationScope.test(id)) {
      return Optional.empty();
    }
    Predicate<String> only = stationScope == null ? id::equals : stationScope.and(id::equals);
    JsonArray found = healthMap.apply(BoundingBox.WORLD, only).getJsonArray("features");
    return found.isEmpty() ? Optional.empty() : Optional.of(flat(found.getJsonObject(0), now));
  }

  /** The admin API's feature with its device counts as flat properties. */
  private static String flat(JsonObject f, Instant now) {
    JsonObject p = f.getJsonObject("properties");
    JsonObject counts = p.getJsonObject("devices", new JsonObject());
    JsonObject props = new JsonObject();
    for (String k : List.of("id", "name_zh", "name_en", "city", "district", "health")) {
      props.put(k, p.getValue(k));
    }
    for (DeviceHealth.State s : DeviceHealth.State.values()) {
      props.put("devices_" + s.code(), counts.getInteger(s.code(), 0));
    }
    props.put("as_of", now.toString());
    return new JsonObject()
        .put("type", "Feature")
        .put("id", p.getString("id"))
        .put("geometry", f.getJsonObject("geometry"))
        .put("properties", props)
        .encode();
  }

  private static List<String> properties0() {
    List<String> out =
        new ArrayList<>(List.of("id", "name_zh", "name_en", "city", "district", "health"));
    for (DeviceHealth.State s : DeviceHealth.State.values()) {
      out.add("devices_" + s.code());
    }
    out.add("as_of");
    return List.copyOf(out);
  }
}
