package org.yizhan.station;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.hours.OpeningHours;

/**
 * A rest station as registered by its operator. Immutable; a change produces a new value with a
 * higher {@code version}.
 *
 * @param nameEn optional English name, {@code null} when absent
 * @param photoUrl optional photo of the station: an absolute {@code https://} URL or a same-origin
 *     path starting with {@code /}; {@code null} when absent
 * @param starRating 1 to 5 stars as graded by the union, {@code null} when not graded
 * @param createdAt {@code null} until stored
 * @param updatedAt {@code null} until stored
 */
public record Station(
    String id,
    String nameZh,
    String nameEn,
    StationKind kind,
    WgsCoordinate location,
    String address,
    String city,
    String district,
    int capacity,
    Set<Amenity> amenities,
    OpeningHours openingHours,
    String operator,
    String phone,
    String photoUrl,
    StationStatus status,
    Integer starRating,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  /** Ids are short, URL- and MQTT-topic-safe. */
  public static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  public static final int MAX_CAPACITY = 1000;

  /** Placeholder id of a station read from input without one; the registry assigns the real id. */
  public static final String PENDING_ID = "pending-id";

  public Station {
    Objects.requireNonNull(id, "id");
    if (!ID_PATTERN.matcher(id).matches()) {
      throw new IllegalArgumentException("bad station id " + id);
    }
    Objects.requireNonNull(nameZh, "nameZh");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(openingHours, "openingHours");
    Objects.requireNonNull(status, "status");
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("capacity out of range: " + capacity);
    }
    amenities =
        amenities.isEmpty()
            ? Collections.unmodifiableSet(EnumSet.noneOf(Amenity.class))
            : Collections.unmodifiableSet(EnumSet.copyOf(amenities));
  }

  /** Shown to workers: everything but soft-deleted stations. */
  public boolean isListed() {
    return status != StationStatus.CLOSED;
  }

  public boolean has(Amenity amenity) {
    return amenities.contains(amenity);
  }

  public Station withId(String newId) {
    return new Station(
        newId,
        nameZh,
        nameEn,
        kind,
        location,
        address,
        city,
        district,
        capacity,
        amenities,
        openingHours,
        operator,
        phone,
        photoUrl,
        status,
        starRating,
        version,
        createdAt,
        updatedAt);
  }

  public Station withStatus(StationStatus newStatus) {
    return new Station(
        id,
        nameZh,
        nameEn,
        kind,
        location,
        address,
        city,
        district,
        capacity,
        amenities,
        openingHours,
        operator,
        phone,
        photoUrl,
        newStatus,
        starRating,
        version,
        createdAt,
        updatedAt);
  }

  public Station stored(long newVersion, Instant created, Instant updated) {
    return new Station(
        id,
        nameZh,
        nameEn,
        kind,
        location,
        address,
        city,
        district,
        capacity,
        amenities,
        openingHours,
        operator,
        phone,
        photoUrl,
        status,
        starRating,
        newVersion,
        created,
        updated);
  }
}
