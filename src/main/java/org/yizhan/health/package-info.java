/**
 * Liveness and readiness: {@code /health/live} and {@code /health/ready}, which names the part that
 * is down: the database, the writer (no commit for 30 s while readings wait) or, in broker mode,
 * the broker connection.
 */
package org.yizhan.health;
