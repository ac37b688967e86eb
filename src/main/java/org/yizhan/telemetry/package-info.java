/**
 * The firmware contract on the server's side: topics, the JSON schemas, and the decoder that turns
 * a payload into readings or a refusal with its reason.
 */
package org.yizhan.telemetry;
