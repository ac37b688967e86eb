/**
 * Typed refusals shared by the features (invalid input with its field violations, not found,
 * already exists, version mismatch, throttled, unavailable), mapped once to problem+json by {@code
 * api}.
 */
package org.yizhan.error;
