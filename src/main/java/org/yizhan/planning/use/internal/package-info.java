/** The SQL behind station use: hourly means of valid readings, and workers' "full" reports. */
package org.yizhan.planning.use.internal;
