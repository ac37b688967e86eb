package org.yizhan.device;

/**
 * A page of the device table, within the asking admin's stations ({@code stationScope} accepts a
 * station id; null means every station): filters (all optional), a sort key and a page.
 *
 * @param state one of the health codes (online, late, offline, never_seen, disabled)
 * @param sort {@code id} (default), {@code last_seen} (longest silent first) or {@code battery}
 *     (lowest first)
 */
public record DeviceQuery(
    String stationId,
    String state,
    String city,
    String district,
    String sort,
    int limit,
    int offset,
    java.util.function.Predicate<String> stationScope) {

  public static final int MAX_LIMIT = 1_000;
  public static final int DEFAULT_LIMIT = 100;
}
