package org.yizhan.alert.notify;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.yizhan.alert.Alert;
import org.yizhan.alert.AlertBook;

/**
 * Turns the alert book's stored steps into notices: the bridge between {@link AlertBook}'s
 * listeners and a notifier, adding what the book does not know (the station's name, the console's
 * address).
 */
public final class AlertNotices {

  private final Function<String, Optional<String>> stationName;
  private final String consoleLink;

  /**
   * @param stationName a station's display name by id
   * @param consoleUrl the admin console's public address; notices then link to its alert inbox
   */
  public AlertNotices(Function<String, Optional<String>> stationName, Optional<String> consoleUrl) {
    this.stationName = stationName;
    this.consoleLink = consoleUrl.map(AlertNotices::inboxLink).orElse(null);
  }

  private static String inboxLink(String base) {
    String b = base.strip();
    if (b.contains("#")) {
      return b;
    }
    return (b.endsWith("/") ? b : b + "/") + "#/alerts";
  }

  /** The notice for one stored step of an alert, as the book told its listeners. */
  public AlertNotice of(AlertBook.Event e) {
    Alert a = e.alert();
    AlertEvent event =
        switch (e.type()) {
          case OPENED -> AlertEvent.OPENED;
          case ACKNOWLEDGED -> AlertEvent.ACKNOWLEDGED;
          case RESOLVED -> AlertEvent.RESOLVED;
        };
    Instant at =
        switch (e.type()) {
          case OPENED -> a.openedAt();
          case ACKNOWLEDGED -> a.acknowledgedAt();
          case RESOLVED -> a.resolvedAt();
        };
    String stationId = a.stationId();
    return new AlertNotice(
        event,
        a.id(),
        a.kind(),
        AlertSeverity.findByCode(a.severity()).orElse(AlertSeverity.WARNING),
        stationId,
        stationId == null ? null : stationName.apply(stationId).orElse(null),
        a.deviceId(),
        a.detail(),
        at == null ? Instant.now() : at,
        a.acknowledgedBy(),
        consoleLink);
  }
}
