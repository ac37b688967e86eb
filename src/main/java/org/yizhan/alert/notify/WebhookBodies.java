package org.yizhan.alert.notify;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an {@link AlertNotice} into the exact request each kind of receiver expects. Kept apart
 * from sending so the shapes, limits and signatures can be checked byte for byte without a network.
 */
public final class WebhookBodies {

  /** WeCom's limit for markdown content, in UTF-8 bytes; the same budget is used for DingTalk. */
  public static final int CHAT_MAX_BYTES = 4096;

  /**
   * The stable id of one notice to one target, the same on every retry and from every instance:
   * delivery is at least once, so a receiver drops a second request with an id it has seen.
   */
  public static final String DELIVERY_HEADER = "X-Yizhan-Delivery";

  private static final String JSON = "application/json; charset=utf-8";

  private WebhookBodies() {}

  /** The request for {@code n} to {@code target}, signed (if at all) at {@code nowMillis}. */
  public static PreparedRequest prepare(WebhookTarget target, AlertNotice n, long nowMillis) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", JSON);
    String url = target.url().toString();
    if (n.deliveryId() != null) {
      headers.put(DELIVERY_HEADER, Long.toString(n.deliveryId()));
    }
    String body;
    switch (target.format()) {
      case GENERIC -> {
        body = generic(n).encode();
        headers.put("Idempotency-Key", n.alertId() + "-" + n.event().code());
        if (target.secret() != null) {
          headers.put(
              "X-Yizhan-Signature",
              Signatures.generic(target.secret(), body.getBytes(StandardCharsets.UTF_8)));
        }
      }
      case WECOM -> body = weCom(n).encode();
      case DINGTALK -> {
        body = dingTalk(n).encode();
        if (target.secret() != null) {
          url = dingTalkSignedUrl(url, target.secret(), nowMillis);
        }
      }
      default -> throw new IllegalStateException("unknown format " + target.format());
    }
    return new PreparedRequest(url, headers, body);
  }

  /** Our own JSON, for systems that integrate with Yizhan: stable field names, UTC times. */
  public static JsonObject generic(AlertNotice n) {
    return new JsonObject()
        .put("event", n.event().code())
        .put(
            "alert",
            new JsonObject()
                .put("id", n.alertId())
                .put("kind", n.kind())
                .put("severity", n.severity().code())
                .put("station_id", n.stationId())
                .put("station_name", n.stationName())
                .put("device_id", n.deviceId())
                .put("detail", n.detail())
                .put("at", n.at().toString())
                .put("by", n.by())
                .put("console_url", n.consoleUrl()));
  }

  /** A WeCom group robot markdown message, its content within {@link #CHAT_MAX_BYTES}. */
  public static JsonObject weCom(AlertNotice n) {
    return new JsonObject()
        .put("msgtype", "markdown")
        .put("markdown", new JsonObject().put("content", weComMarkdown(n)));
  }

  /** A DingTalk custom robot markdown message. */
  public static JsonObject dingTalk(AlertNotice n) {
    return new JsonObject()
        .put("msgtype", "markdown")
        .put(
            "markdown",
            new JsonObject()
                .put("title", Utf8.truncate(ChatText.title(n), 256))
                .put("text", dingTalkMarkdown(n)));
  }

  static String weComMarkdown(AlertNotice n) {
    String colour =
        switch (n.event()) {
          case OPENED -> "warning";
          case ACKNOWLEDGED -> "comment";
          case RESOLVED -> "info";
        };
    StringBuilder head = new StringBuilder();
    head.append("**<font color=\"")
        .append(colour)
        .append("\">")
        .append(ChatText.title(n))
        .append("</font>**\n");
    for (ChatText.Line l : ChatText.facts(n)) {
      head.append("> ").append(l.label()).append("：").append(l.value()).append('\n');
    }
    String tail =
        n.consoleUrl() == null
            ? ""
            : "\n[" + ChatText.consoleLinkText() + "](" + ChatText.oneLine(n.consoleUrl()) + ")";
    return fit(head.toString(), "> " + ChatText.detailLabel() + "：", n.detail(), tail);
  }

  static String dingTalkMarkdown(AlertNotice n) {
    StringBuilder head = new StringBuilder();
    head.append("#### ").append(ChatText.title(n)).append("\n\n");
    for (ChatText.Line l : ChatText.facts(n)) {
      head.append("- ").append(l.label()).append("：").append(l.value()).append('\n');
    }
    String tail =
        n.consoleUrl() == null
            ? ""
            : "\n\n[" + ChatText.consoleLinkText() + "](" + ChatText.oneLine(n.consoleUrl()) + ")";
    return fit(head.toString(), "- " + ChatText.detailLabel() + "：", n.detail(), tail);
  }

  /**
   * Keeps the message within the byte budget by shortening the detail first: the title, facts and
   * console link are what the reader acts on.
   */
  static String fit(String head, String detailPrefix, String detail, String tail) {
    String fixed = head + detailPrefix + tail;
    int room = CHAT_MAX_BYTES - Utf8.length(fixed);
    if (room >= 0) {
      return head + detailPrefix + Utf8.truncate(ChatText.oneLine(detail), room) + tail;
    }
    return Utf8.truncate(head + detailPrefix + ChatText.oneLine(detail) + tail, CHAT_MAX_BYTES);
  }

  /**
   * The DingTalk robot URL with {@code timestamp} and {@code sign} appended, after the existing
   * query ({@code access_token=...}) if there is one.
   */
  public static String dingTalkSignedUrl(String url, String secret, long timestampMillis) {
    String sep = url.endsWith("?") || url.endsWith("&") ? "" : url.indexOf('?') >= 0 ? "&" : "?";
    return url
        + sep
        + "timestamp="
        + timestampMillis
        + "&sign="
        + Signatures.dingTalk(secret, timestampMillis);
  }
}
