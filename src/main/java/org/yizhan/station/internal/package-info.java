/** The stations' database table, behind {@code StationRegistry}. */
package org.yizhan.station.internal;
