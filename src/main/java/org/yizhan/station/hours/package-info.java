/**
 * Opening hours: a subset of the OpenStreetMap {@code opening_hours} syntax, compiled and judged in
 * China time.
 */
package org.yizhan.station.hours;
