/**
 * Live state in memory: each station's newest trusted values with their ages, the rule for stale,
 * device presence, and the stream of changes to SSE subscribers.
 */
package org.yizhan.live;
