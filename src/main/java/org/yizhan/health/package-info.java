/**
 * Liveness and readiness: {@code /health/live} and {@code /health/ready}, which names the database
 * or the writer when either is down.
 */
package org.yizhan.health;
