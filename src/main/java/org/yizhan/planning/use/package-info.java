/**
 * How stations are used, from the stored readings: time full, mean occupancy while open, the
 * weekday-by-hour heat map, hours too hot or too cold, workers' "full" reports; overloaded and
 * under-used stations for planners.
 */
package org.yizhan.planning.use;
