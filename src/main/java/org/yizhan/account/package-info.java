/**
 * Console accounts: users with roles and the stations they may manage, Argon2id passwords, sessions
 * stored as database rows, the login throttle and the audit log of admin actions.
 */
package org.yizhan.account;
