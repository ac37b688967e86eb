/**
 * PostgreSQL: the embedded default (durable settings, password authentication, its programs under
 * the data directory, an orphaned postmaster stopped) or an external server, the pool and the
 * migrations.
 */
package org.yizhan.db;
