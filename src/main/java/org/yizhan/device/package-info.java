/**
 * Station devices: provisioning, secrets, enable and disable, configuration changes and their
 * delivery, and the fleet's health (online, offline, stale) with its change history.
 */
package org.yizhan.device;
