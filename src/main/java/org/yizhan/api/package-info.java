/**
 * The HTTP API and its errors: route classes for stations, devices, live values, alerts,
 * thresholds, accounts and feedback; request parsing, JSON rendering and the one mapping of errors
 * to problem+json.
 */
package org.yizhan.api;
