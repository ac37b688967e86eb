/**
 * Readings in: the built-in MQTT endpoint or a broker's shared subscription, the pipeline that
 * checks each message, the durable batch writer that acknowledges after commit, and the log of
 * refused messages.
 */
package org.yizhan.ingest;
