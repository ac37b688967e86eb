/** The alert book's storage: the {@code alert} table, read and written by blocking JDBC. */
package org.yizhan.alert.internal;
