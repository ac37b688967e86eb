/**
 * JSON helpers shared by the features: enums with lower-case API codes, and hand-written JSON text
 * for the hot read paths.
 */
package org.yizhan.json;
