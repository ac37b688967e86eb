/**
 * Heat and cold warnings as the meteorological service issues them: set by admins or read from a
 * CAP 1.2 feed, stored in PostgreSQL, and held in memory so that the public map answers without a
 * database round trip. While one is in force for a city, the nearby answer leads with stations that
 * suit it.
 */
package org.yizhan.warning;
