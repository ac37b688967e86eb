/**
 * Free seats on arrival: for a station in a nearby answer, how many seats will be free when the
 * worker gets there (now plus the walking time), from the station's typical week (hourly rollups of
 * the last four weeks, {@link org.yizhan.arrival.WeekProfile}) and its current live value, with an
 * interval and a confidence word ({@link org.yizhan.arrival.Forecast}). A station without enough
 * history gets no number, only a status that says so.
 */
package org.yizhan.arrival;
