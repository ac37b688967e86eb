/**
 * Planning the station network: demand and candidate point sets (parsed from uploads, generated,
 * stored by name), coverage of demand by a network of stations with what-if changes, and the
 * covering incidence the siting models solve. Pure computations take primitive arrays; storage is
 * in {@code internal/}.
 */
package org.yizhan.planning;
