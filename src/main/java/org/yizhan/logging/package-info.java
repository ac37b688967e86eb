/** How log lines are written: the JSON encoder the default logback configuration uses. */
package org.yizhan.logging;
