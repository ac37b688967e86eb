/**
 * One device's MQTT connection: CONNECT checks, the contract's limits and the client's own, PUBACK
 * order, keep alive, the config subscription and takeover.
 */
package org.yizhan.ingest.internal;
