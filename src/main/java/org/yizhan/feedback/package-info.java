/**
 * Workers' reports about a station (broken, dirty, closed): stored, rate limited per address,
 * listed for admins.
 */
package org.yizhan.feedback;
