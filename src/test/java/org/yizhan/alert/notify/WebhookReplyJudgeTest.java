package org.yizhan.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which answers are success, which are worth another try, and which are final. */
class WebhookReplyJudgeTest {

  private static final Instant NOW = Instant.parse("2026-07-01T04:00:00Z");

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "generic  | 200 | ``                                   | DELIVERED",
        "generic  | 204 | ``                                   | DELIVERED",
        "generic  | 301 | ``                                   | FAIL",
        "generic  | 404 | ``                                   | FAIL",
        "generic  | 408 | ``                                   | RETRY",
        "generic  | 429 | ``                                   | RETRY",
        "generic  | 500 | ``                                   | RETRY",
        "generic  | 503 | ``                                   | RETRY",
        "wecom    | 200 | `{\"errcode\":0,\"errmsg\":\"ok\"}`  | DELIVERED",
        "wecom    | 200 | `{\"errcode\":45009}`                | RETRY",
        "wecom    | 200 | `{\"errcode\":-1}`                   | RETRY",
        "wecom    | 200 | `{\"errcode\":93000}`                | FAIL",
        "wecom    | 200 | `<html>ok</html>`                    | FAIL",
        "wecom    | 200 | `{\"ok\":true}`                      | FAIL",
        "wecom    | 502 | ``                                   | RETRY",
        "dingtalk | 200 | `{\"errcode\":0,\"errmsg\":\"ok\"}`  | DELIVERED",
        "dingtalk | 200 | `{\"errcode\":130101}`               | RETRY",
        "dingtalk | 200 | `{\"errcode\":45009}`                | FAIL",
        "dingtalk | 200 | `{\"errcode\":310000}`               | FAIL",
      })
  void judges(String format, int status, String body, Verdict.Kind expected) {
    WebhookFormat f = WebhookFormat.findByCode(format).orElseThrow();
    assertThat(ReplyJudge.judge(f, new Reply(status, null, body), NOW).kind()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Retry-After: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1                             | PT1S",
        "' 120 '                       | PT2M",
        "Wed, 01 Jul 2026 04:00:30 GMT | PT30S",
        "Wed, 01 Jul 2026 03:00:00 GMT | PT0S",
        "99999999999                   | PT1H",
        "86400                         | PT1H",
      })
  void readsRetryAfterAsSecondsOrDateCapped(String header, Duration expected) {
    assertThat(ReplyJudge.retryAfter(header, NOW)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Retry-After: {0}")
  @CsvSource({"soon", "-5", "1.5"})
  void ignoresUnreadableRetryAfter(String header) {
    assertThat(ReplyJudge.retryAfter(header, NOW)).isNull();
  }
}
