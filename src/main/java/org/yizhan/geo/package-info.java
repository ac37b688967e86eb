/**
 * Coordinates and distances: WGS-84 points, the great-circle index behind exact nearest search, and
 * the GCJ-02 conversion for Chinese base maps.
 */
package org.yizhan.geo;
