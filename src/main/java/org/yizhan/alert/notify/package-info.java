/**
 * Tells people about alerts where they already look: a WeCom or DingTalk group, or any HTTP
 * receiver. An alert that nobody sees until they open the console is found hours late; a chat
 * message on the duty phone is seen in minutes.
 *
 * <p>{@link org.yizhan.alert.notify.WebhookNotifier} takes {@link
 * org.yizhan.alert.notify.AlertNotice}s without blocking, keeps one ordered queue per {@link
 * org.yizhan.alert.notify.WebhookTarget}, retries with backoff, paces chat robots to their
 * published limits, and records each outcome in a {@link org.yizhan.alert.notify.DeliveryLog}. The
 * notices come from the {@link org.yizhan.alert.notify.WebhookOutbox}, stored with the alert
 * changes; the {@link org.yizhan.alert.notify.OutboxRelay} feeds them to the notifier on the
 * instance that owns the cluster-wide duties and marks each row with its outcome.
 */
package org.yizhan.alert.notify;
