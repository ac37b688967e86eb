package org.yizhan.api.ogc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.yizhan.json.JsonText;
import org.yizhan.live.Freshness;
import org.yizhan.live.LiveState;
import org.yizhan.station.Amenity;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.Station;
import org.yizhan.station.StationRegistry;
import org.yizhan.station.StationSnapshot;

/**
 * The public station network: every listed station (closed ones are left out, as on the phone map)
 * at its WGS-84 position, with its registry fields, open state and live values. Live values follow
 * the phone map's rules ({@link FlatLive}): a stale value is never in the field a client shows as
 * current ({@code occupancy} is null, {@code occupancy_last_known} holds it), and each carries its
 * observed time and age. Read from the in-memory snapshot.
 */
final class StationsCollection implements OgcCollection {

  private static final List<String> STATIC =
      List.of(
          "id",
          "name_zh",
          "name_en",
          "kind",
          "address",
          "city",
          "district",
          "capacity",
          "amenities",
          "opening_hours",
          "operator",
          "phone",
          "photo_url",
          "status",
          "star_rating",
          "version",
          "updated_at",
          "open_state",
          "next_change");

  private final StationRegistry registry;
  private final FlatLive live;
  private final List<String> properties;

  StationsCollection(StationRegistry registry, LiveState live, Freshness freshness) {
    this.registry = registry;
    this.live = new FlatLive(live, freshness);
    List<String> all = new ArrayList<>(STATIC);
    all.addAll(FlatLive.KEYS);
    this.properties = List.copyOf(all);
  }

  @Override
  public String id() {
    return "stations";
  }

  @Override
  public String title() {
    return "Rest stations";
  }

  @Override
  public String description() {
    return "Listed rest stations for outdoor workers with their registry fields, open state and"
        + " live values (occupancy, free seats, temperature, humidity), each with its observed"
        + " time and age; a stale value is given only as *_last_known.";
  }

  @Override
  public Access access() {
    return Access.PUBLIC;
  }

  @Override
  public boolean blocking() {
    return false;
  }

  @Override
  public double[] extent() {
    double[] e = {180, 90, -180, -90};
    for (Station s : registry.snapshot().list()) {
      if (s.isListed()) {
        e[0] = Math.min(e[0], s.location().lon());
        e[1] = Math.min(e[1], s.location().lat());
        e[2] = Math.max(e[2], s.location().lon());
        e[3] = Math.max(e[3], s.location().lat());
      }
    }
    return e[0] > e[2] ? new double[] {-180, -90, 180, 90} : e;
  }

  @Override
  public List<String> properties() {
    return properties;
  }

  @Override
  public Page items(
      BoundingBox box, int offset, int limit, Predicate<String> stationScope, Instant now) {
    StationSnapshot.Page page = registry.snapshot().within(box, offset, limit, false);
    List<String> out = new ArrayList<>(page.stations().size());
    StringBuilder sb = new StringBuilder(1024);
    for (Station s : page.stations()) {
      sb.setLength(0);
      out.add(render(sb, s, now).toString());
    }
    return new Page(page.matched(), out);
  }

  @Override
  public Optional<String> feature(String id, Predicate<String> stationScope, Instant now) {
    return registry
        .snapshot()
        .find(id)
        .filter(Station::isListed)
        .map(s -> render(new StringBuilder(1024), s, now).toString());
  }

  private StringBuilder render(StringBuilder sb, Station s, Instant now) {
    sb.append("{\"type\":\"Feature\",\"id\":");
    JsonText.string(sb, s.id());
    sb.append(",\"geometry\":{\"type\":\"Point\",\"coordinates\":[");
    JsonText.fixed(sb, s.location().lon(), 7).append(',');
    JsonText.fixed(sb, s.location().lat(), 7).append("]},\"properties\":{\"id\":");
    JsonText.string(sb, s.id());
    field(sb, "name_zh", s.nameZh());
    field(sb, "name_en", s.nameEn());
    field(sb, "kind", s.kind().code());
    field(sb, "address", s.address());
    field(sb, "city", s.city());
    field(sb, "district", s.district());
    sb.append(",\"capacity\":").append(s.capacity()).append(",\"amenities\":[");
    boolean first = true;
    for (Amenity a : s.amenities()) {
      sb.append(first ? "\"" : ",\"").append(a.code()).append('"');
      first = false;
    }
    sb.append(']');
    field(sb, "opening_hours", s.openingHours().spec());
    field(sb, "operator", s.operator());
    field(sb, "phone", s.phone());
    field(sb, "photo_url", s.photoUrl());
    field(sb, "status", s.status().code());
    sb.append(",\"star_rating\":").append(s.starRating());
    sb.append(",\"version\":").append(s.version());
    field(sb, "updated_at", s.updatedAt() == null ? null : s.updatedAt().toString());
    field(sb, "open_state", StationSnapshot.openState(s, now).code());
    sb.append(",\"next_change\":").append(StationSnapshot.hoursAt(s, now).nextChangeJson());
    live.append(sb, s, now);
    return sb.append("}}");
  }

  private static void field(StringBuilder sb, String name, String value) {
    sb.append(",\"").append(name).append("\":");
    JsonText.string(sb, value);
  }
}
