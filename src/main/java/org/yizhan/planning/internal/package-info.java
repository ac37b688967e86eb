/** JDBC storage of named demand and candidate sets. */
package org.yizhan.planning.internal;
