/**
 * OGC API - Features (Part 1 Core with GeoJSON, HTML and OpenAPI 3.0, Part 2 for CRS84 only) under
 * {@code /ogc}, so that GIS tools (QGIS, GDAL's OAPIF driver) read the station network without a
 * Yizhan-specific client. Everything here reads the existing services; nothing writes.
 */
package org.yizhan.api.ogc;
