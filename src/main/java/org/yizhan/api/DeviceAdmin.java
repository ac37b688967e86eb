package org.yizhan.api;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;

/**
 * The device operations the admin API offers; implemented by the ingest side. A {@code
 * stationScope} accepts the station ids the asking admin may see (null: all).
 */
public interface DeviceAdmin {

  /** Provisions a device from a validated request body; returns it with its one-time secret. */
  JsonObject provision(JsonObject request) throws SQLException;

  /** One device as the device table shows it, if it exists. */
  java.util.Optional<JsonObject> find(String deviceId);

  /**
   * Disables (refused at its next connect, its current connection closed) or re-enables a device;
   * returns it. Not found: a 404 problem.
   */
  JsonObject setEnabled(String deviceId, boolean enabled) throws SQLException;

  /**
   * Gives a device a new secret, returned once with the device; the old secret stops working and a
   * connection made with it is closed. Not found: a 404 problem.
   */
  JsonObject rotateSecret(String deviceId) throws SQLException;

  /** A filtered, sorted page of devices with their health, presence and freshness. */
  JsonObject list(DeviceQuery query);

  /** The latest changes of device health, newest first, optionally only after {@code since}. */
  JsonObject fleetChanges(
      java.time.Instant since, int limit, java.util.function.Predicate<String> stationScope);

  /** Device health counted over the whole fleet, per city and district, and low batteries. */
  JsonObject fleetSummary(java.util.function.Predicate<String> stationScope);

  /** The configuration a device should run, as published to it. */
  JsonObject config(String deviceId);

  /** Replaces a device's configuration and delivers it; see the device package's ConfigChanges. */
  JsonObject changeConfig(String deviceId, JsonObject body) throws SQLException;

  /** Rejected-message counts per reason and the latest kept rejections. */
  JsonObject rejections(int limit, java.util.function.Predicate<String> stationScope)
      throws SQLException;

  /**
   * Stations with devices inside {@code box} as a GeoJSON FeatureCollection, each with the worst
   * health among its devices and counts per state: the health map.
   */
  JsonObject fleetStations(
      org.yizhan.station.BoundingBox box, java.util.function.Predicate<String> stationScope);

  /** The station a device belongs to, if the device exists. */
  java.util.Optional<String> stationOf(String deviceId);
}
