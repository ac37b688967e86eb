package org.yizhan.alert.notify;

import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One configured receiver of alert events. Parsed and checked once at start-up, so a typo in the
 * configuration stops the server with a message naming the field, instead of alerts silently going
 * nowhere in the middle of the night.
 *
 * <p>Robot URLs carry their credential (the WeCom {@code key}, the DingTalk {@code access_token})
 * and some receivers carry it in the path: {@link #toString()} and {@link #safeUrl()} show only the
 * scheme and host, and never the secret.
 *
 * @param name unique, short, safe to log: it names the target in logs, stats and the delivery log
 * @param format what the receiver understands
 * @param url absolute http or https URL
 * @param secret signing key (DingTalk "加签" secret, or the HMAC key for generic), or null
 * @param events which events to send
 * @param minSeverity the least severe alert to send
 */
public record WebhookTarget(
    String name,
    WebhookFormat format,
    URI url,
    String secret,
    Set<AlertEvent> events,
    AlertSeverity minSeverity) {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public WebhookTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(url, "url");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name: must be 1-64 letters, digits, '-' or '_'");
    }
    if (!isHttpUrl(url)) {
      throw new IllegalArgumentException("url: must be an absolute http or https URL");
    }
    if (secret != null && secret.isEmpty()) {
      throw new IllegalArgumentException("secret: must not be empty");
    }
    events =
        events == null || events.isEmpty()
            ? Collections.unmodifiableSet(EnumSet.allOf(AlertEvent.class))
            : Collections.unmodifiableSet(EnumSet.copyOf(events));
    minSeverity = minSeverity == null ? AlertSeverity.INFO : minSeverity;
  }

  /** A target for every event and severity. */
  public WebhookTarget(String name, WebhookFormat format, URI url, String secret) {
    this(name, format, url, secret, null, null);
  }

  /**
   * Parses the {@code YIZHAN_ALERT_WEBHOOKS} JSON array (blank means none).
   *
   * @throws IllegalArgumentException naming the element and field, e.g. {@code webhooks[1].format:
   *     must be one of generic, wecom, dingtalk}
   */
  public static List<WebhookTarget> parseAll(String json) {
    return TargetParser.parseAll(json);
  }

  /** True if this target wants to hear about {@code n}. */
  public boolean wants(AlertNotice n) {
    return events.contains(n.event()) && n.severity().atLeast(minSeverity);
  }

  /** The URL with everything after the host hidden, for logs and admin pages. */
  public String safeUrl() {
    String path = url.getRawPath();
    boolean more =
        (path != null && !path.isEmpty() && !path.equals("/")) || url.getRawQuery() != null;
    return url.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (more ? "/…" : "");
  }

  @Override
  public String toString() {
    return "WebhookTarget[name="
        + name
        + ", format="
        + format.code()
        + ", url="
        + safeUrl()
        + ", secret="
        + (secret == null ? "none" : "***")
        + ", events="
        + events.stream().map(AlertEvent::code).collect(Collectors.joining(",", "[", "]"))
        + ", minSeverity="
        + minSeverity.code()
        + "]";
  }

  static boolean isHttpUrl(URI u) {
    String scheme = u.getScheme();
    return u.isAbsolute()
        && !u.isOpaque()
        && scheme != null
        && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        && u.getHost() != null
        && !u.getHost().isEmpty()
        && u.getRawUserInfo() == null
        && u.getRawFragment() == null;
  }
}
