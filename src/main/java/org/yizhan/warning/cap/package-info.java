/**
 * Reading the Common Alerting Protocol (CAP 1.2), the format China's early-warning release system
 * publishes in: {@link org.yizhan.warning.cap.CapParser} reads the XML into plain records and
 * {@link org.yizhan.warning.cap.CapMapping} maps them to heat and cold warnings for the registry's
 * cities, counting what it cannot use.
 */
package org.yizhan.warning.cap;
