/**
 * Thresholds (global and per station) and the judgement of a station's live values against them:
 * too hot, too cold, overfull.
 */
package org.yizhan.condition;
