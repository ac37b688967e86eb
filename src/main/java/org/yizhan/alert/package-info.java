/**
 * Alerts for station admins: the book of open and resolved alerts (devices offline, failing or
 * lying; stations too hot, too cold or overfull), the 5 s condition sweep and the reconciliation
 * after a start.
 */
package org.yizhan.alert;
