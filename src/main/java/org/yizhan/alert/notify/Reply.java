package org.yizhan.alert.notify;

/** What a receiver answered: status, its {@code Retry-After} header if any, and the body text. */
record Reply(int status, String retryAfter, String body) {}
