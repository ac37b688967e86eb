/**
 * Prometheus metrics: the one registry every feature binds its figures to, the JVM and Vert.x HTTP
 * meters, and {@code GET /metrics}. Features bind their own meters (they know what they count);
 * this package knows none of them.
 */
package org.yizhan.metrics;
