/**
 * Stored readings read back: history buckets, occupancy profiles by weekday and hour, and the
 * TimescaleDB setup where the extension is present.
 */
package org.yizhan.history;
