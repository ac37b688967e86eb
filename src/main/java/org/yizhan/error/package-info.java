/**
 * Typed refusals shared by the features: error codes and field violations, mapped to problem+json
 * by {@code api}.
 */
package org.yizhan.error;
