/**
 * Mosquitto's dynamic security plugin kept in step with the device registry (broker mode with
 * {@code mqtt.broker.dynsec}): one broker client and one role per device, changed through the
 * plugin's control topic when a device is provisioned, given a new secret, disabled or enabled, and
 * reconciled with the registry at start and every few minutes.
 */
package org.yizhan.device.dynsec;
