package org.yizhan.api;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;

/** The device operations the admin API offers; implemented by the ingest side. */
public interface DeviceAdmin {

  /** Provisions a device from a validated request body; returns it with its one-time secret. */
  JsonObject provision(JsonObject request) throws SQLException;

  /** Devices (optionally of one station) with their presence and freshness. */
  JsonObject list(String stationId);

  /** Rejected-message counts per reason and the latest kept rejections. */
  JsonObject rejections(int limit) throws SQLException;
}
