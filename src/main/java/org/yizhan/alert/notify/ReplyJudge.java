package org.yizhan.alert.notify;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Reads a receiver's answer. Only trouble that may pass is retried (timeouts, 408, 429, 5xx, a
 * robot's "too fast" or "busy"); a wrong key or a malformed message fails at once, because eight
 * more tries would only delay the one log line that tells an admin to fix the configuration.
 */
final class ReplyJudge {

  /** WeCom: 45009 frequency limit, -1 system busy. */
  static final Set<Integer> WECOM_RETRYABLE = Set.of(45009, -1);

  /** DingTalk: 130101 sending too fast. */
  static final Set<Integer> DINGTALK_RETRYABLE = Set.of(130101);

  /** The longest {@code Retry-After} we honour, so one odd header cannot stall a queue for days. */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private static final int EXCERPT_BYTES = 400;

  private ReplyJudge() {}

  static Verdict judge(WebhookFormat format, Reply r, Instant now) {
    int s = r.status();
    if (s == 408 || s == 429 || (s >= 500 && s <= 599)) {
      return Verdict.retry(httpError(r), retryAfter(r.retryAfter(), now));
    }
    if (s < 200 || s > 299) {
      return Verdict.fail(httpError(r));
    }
    return switch (format) {
      case GENERIC -> Verdict.DELIVERED;
      case WECOM -> robot(r, WECOM_RETRYABLE, now);
      case DINGTALK -> robot(r, DINGTALK_RETRYABLE, now);
    };
  }

  private static Verdict robot(Reply r, Set<Integer> retryable, Instant now) {
    JsonObject json;
    try {
      json = new JsonObject(r.body());
    } catch (DecodeException | ClassCastException e) {
      return Verdict.fail("HTTP " + r.status() + " without a JSON errcode: " + excerpt(r.body()));
    }
    if (!(json.getValue("errcode") instanceof Number code)) {
      return Verdict.fail("HTTP " + r.status() + " without a JSON errcode: " + excerpt(r.body()));
    }
    int errcode = code.intValue();
    if (errcode == 0) {
      return Verdict.DELIVERED;
    }
    String error = "errcode " + errcode + ": " + excerpt(String.valueOf(json.getValue("errmsg")));
    return retryable.contains(errcode)
        ? Verdict.retry(error, retryAfter(r.retryAfter(), now))
        : Verdict.fail(error);
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date, capped; null if absent or unreadable. */
  static Duration retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim();
    Duration d;
    if (h.chars().allMatch(Character::isDigit)) {
      d = h.length() > 9 ? MAX_RETRY_AFTER : Duration.ofSeconds(Long.parseLong(h));
    } else {
      try {
        d = Duration.between(now, ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (d.isNegative()) {
      return Duration.ZERO;
    }
    return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
  }

  private static String httpError(Reply r) {
    String body = excerpt(r.body());
    return "HTTP " + r.status() + (body.isEmpty() ? "" : ": " + body);
  }

  static String excerpt(String s) {
    if (s == null) {
      return "";
    }
    return Utf8.truncate(ChatText.oneLine(s).strip(), EXCERPT_BYTES);
  }
}
