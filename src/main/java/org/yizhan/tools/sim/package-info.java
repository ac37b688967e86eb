/**
 * The station simulator ({@code sim}): devices that follow the firmware contract over real MQTT,
 * with daily curves, climate, faults, outages and backfill, for demos and load tests.
 */
package org.yizhan.tools.sim;
