package org.yizhan.warning.cap;

import java.time.Instant;

/**
 * One area of one {@code <info>} block of a CAP alert, with the alert's fields it needs.
 *
 * @param effective {@code <effective>}, else {@code <onset>}, else the alert's {@code <sent>};
 *     {@code null} if none is given
 * @param expires {@code <expires>}, or {@code null}
 */
public record CapEntry(
    String identifier,
    String status,
    String msgType,
    String event,
    String severity,
    String headline,
    Instant effective,
    Instant expires,
    String areaDesc) {}
