/**
 * Stations: the model, the registry with nearest and bounding-box search, clusters, filters, import
 * and export (GeoJSON and CSV) and navigation links.
 */
package org.yizhan.station;
