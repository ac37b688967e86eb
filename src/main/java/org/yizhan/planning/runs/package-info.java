/**
 * Long planning runs off the request path: one at a time on a low-priority thread, with progress,
 * cancellation and a bounded queue.
 */
package org.yizhan.planning.runs;
