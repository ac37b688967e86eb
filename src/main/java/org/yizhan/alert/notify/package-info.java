/**
 * Tells people about alerts where they already look: a WeCom or DingTalk group, or any HTTP
 * receiver. An alert that nobody sees until they open the console is found hours late; a chat
 * message on the duty phone is seen in minutes.
 *
 * <p>{@link org.yizhan.alert.notify.WebhookNotifier} takes {@link
 * org.yizhan.alert.notify.AlertNotice}s without blocking, keeps one ordered queue per {@link
 * org.yizhan.alert.notify.WebhookTarget}, retries with backoff, paces chat robots to their
 * published limits, and records each outcome in a {@link org.yizhan.alert.notify.DeliveryLog}.
 */
package org.yizhan.alert.notify;
