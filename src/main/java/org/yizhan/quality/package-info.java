/**
 * Data quality: rules that flag stuck, jumping, impossible or lagging readings per device, so that
 * flagged readings are stored but never shown as live.
 */
package org.yizhan.quality;
