/**
 * How readings are kept for years: the time-partitioned {@code reading} table on plain PostgreSQL
 * or the hypertable on TimescaleDB, the 15-minute, hourly and daily rollups that history and
 * planning read, retention, and the maintenance that keeps all of it going and says when it does
 * not.
 */
package org.yizhan.storage;
