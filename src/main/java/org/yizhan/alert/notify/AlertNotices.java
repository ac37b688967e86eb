package org.yizhan.alert.notify;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
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
    JsonObject a = e.alert();
    AlertEvent event =
        switch (e.type()) {
          case OPENED -> AlertEvent.OPENED;
          case ACKNOWLEDGED -> AlertEvent.ACKNOWLEDGED;
          case RESOLVED -> AlertEvent.RESOLVED;
        };
    String at =
        switch (e.type()) {
          case OPENED -> a.getString("opened_at");
          case ACKNOWLEDGED -> a.getString("acknowledged_at");
          case RESOLVED -> a.getString("resolved_at");
        };
    String stationId = a.getString("station_id");
    return new AlertNotice(
        event,
        a.getLong("id"),
        a.getString("kind"),
        AlertSeverity.findByCode(a.getString("severity")).orElse(AlertSeverity.WARNING),
        stationId,
        stationName.apply(stationId).orElse(null),
        a.getString("device_id"),
        a.getString("detail"),
        at == null ? Instant.now() : Instant.parse(at),
        a.getString("acknowledged_by"),
        consoleLink);
  }
}
