package org.yizhan.station;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The fixed amenity vocabulary. The wire name is the lower-case snake_case code. */
public enum Amenity {
  DRINKING_WATER,
  MEAL_HEATING,
  AIR_CONDITIONING,
  HEATING,
  TOILET,
  PHONE_CHARGING,
  BATTERY_SWAP,
  MEDICINE_KIT,
  AED,
  UMBRELLA_LOAN,
  READING_CORNER,
  WIFI,
  SHOWER,
  LAUNDRY,
  TRUCK_PARKING;

  private static final Map<String, Amenity> BY_CODE =
      Arrays.stream(values()).collect(Collectors.toMap(Amenity::code, Function.identity()));

  /** Wire name, e.g. {@code drinking_water}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<Amenity> findByCode(String code) {
    return Optional.ofNullable(code == null ? null : BY_CODE.get(code.trim()));
  }
}
