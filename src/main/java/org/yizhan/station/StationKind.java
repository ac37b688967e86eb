package org.yizhan.station;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What sort of place a station is. The wire name is the lower-case snake_case code. */
public enum StationKind {
  /** 户外劳动者驿站: the common street-side room run by the trade union or a host business. */
  URBAN_REST_STATION,
  /** 司机之家: for truck and taxi drivers, usually with parking, at logistics hubs and highways. */
  DRIVERS_HOME,
  /** 职工之家: a union workers' home inside an enterprise or community centre. */
  WORKERS_HOME,
  /** 母婴室. */
  MOTHER_BABY_ROOM,
  /** 矿区驿站: at a mine shaft head. */
  MINE_STATION,
  /** A station inside a highway service area. */
  SERVICE_AREA_STATION;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<StationKind> findByCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    String c = code.trim();
    return Arrays.stream(values()).filter(k -> k.code().equals(c)).findFirst();
  }
}
