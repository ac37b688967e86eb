package org.yizhan.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading {@code YIZHAN_ALERT_WEBHOOKS}: every mistake is named, no secret is ever printed. */
class WebhookTargetTest {

  private static final String WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
  private static final String DT_TOKEN = "c0ffee1234567890";
  private static final String DT_SECRET = "SECdeadbeef0123456789";

  private static final String EXAMPLE =
      "[{\"name\":\"ops\",\"format\":\"wecom\","
          + "\"url\":\"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key="
          + WECOM_KEY
          + "\",\"events\":[\"opened\",\"resolved\"],\"min_severity\":\"warning\"},"
          + "{\"name\":\"dt\",\"format\":\"dingtalk\","
          + "\"url\":\"https://oapi.dingtalk.com/robot/send?access_token="
          + DT_TOKEN
          + "\",\"secret\":\""
          + DT_SECRET
          + "\"}]";

  @Test
  void parsesTheDocumentedExampleWithDefaults() {
    List<WebhookTarget> all = WebhookTarget.parseAll(EXAMPLE);

    assertThat(all).hasSize(2);
    WebhookTarget ops = all.get(0);
    assertThat(ops.name()).isEqualTo("ops");
    assertThat(ops.format()).isEqualTo(WebhookFormat.WECOM);
    assertThat(ops.url().getRawQuery()).isEqualTo("key=" + WECOM_KEY);
    assertThat(ops.secret()).isNull();
    assertThat(ops.events()).containsExactly(AlertEvent.OPENED, AlertEvent.RESOLVED);
    assertThat(ops.minSeverity()).isEqualTo(AlertSeverity.WARNING);

    WebhookTarget dt = all.get(1);
    assertThat(dt.format()).isEqualTo(WebhookFormat.DINGTALK);
    assertThat(dt.secret()).isEqualTo(DT_SECRET);
    assertThat(dt.events()).isEqualTo(EnumSet.allOf(AlertEvent.class));
    assertThat(dt.minSeverity()).isEqualTo(AlertSeverity.INFO);
  }

  @Test
  void blankMeansNoWebhooks() {
    assertThat(WebhookTarget.parseAll(null)).isEmpty();
    assertThat(WebhookTarget.parseAll("  ")).isEmpty();
    assertThat(WebhookTarget.parseAll("[]")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`{\"name\":\"a\"}` | webhooks: must be a JSON array",
        "`[1, 2]` | webhooks[0]: must be an object",
        "`[{\"format\":\"generic\",\"url\":\"http://h/x\"}]` | webhooks[0].name: required",
        "`[{\"name\":\"a b\",\"format\":\"generic\",\"url\":\"http://h/x\"}]`"
            + " | webhooks[0].name: must be 1-64 letters",
        "`[{\"name\":7,\"format\":\"generic\",\"url\":\"http://h/x\"}]`"
            + " | webhooks[0].name: must be a string",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"http://h/x\"},"
            + "{\"name\":\"b\",\"format\":\"slack\",\"url\":\"http://h/x\"}]`"
            + " | webhooks[1].format: must be one of generic, wecom, dingtalk",
        "`[{\"name\":\"a\",\"url\":\"http://h/x\"}]` | webhooks[0].format: required",
        "`[{\"name\":\"a\",\"format\":\"generic\"}]` | webhooks[0].url: required",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"ftp://h/x\"}]`"
            + " | webhooks[0].url: must be an absolute http or https URL",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"/relative\"}]`"
            + " | webhooks[0].url: must be an absolute http or https URL",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"http://u:p@h/x\"}]`"
            + " | webhooks[0].url: must be an absolute http or https URL",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"http://h/x y\"}]`"
            + " | webhooks[0].url: not a valid URL",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"http://h/x\",\"secret\":\"\"}]`"
            + " | webhooks[0].secret: must not be empty",
        "`[{\"name\":\"a\",\"format\":\"wecom\",\"url\":\"http://h/x\",\"secret\":\"s\"}]`"
            + " | webhooks[0].secret: WeCom group robots do not sign",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"http://h/x\",\"events\":[]}]`"
            + " | webhooks[0].events: must not be empty",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"http://h/x\",\"events\":\"opened\"}]`"
            + " | webhooks[0].events: must be an array",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"http://h/x\","
            + "\"events\":[\"opened\",\"closed\"]}]`"
            + " | webhooks[0].events[1]: must be one of opened, acknowledged, resolved",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"http://h/x\","
            + "\"min_severity\":\"high\"}]`"
            + " | webhooks[0].min_severity: must be one of info, warning, critical",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"http://h/x\",\"minSeverity\":\"info\"}]`"
            + " | webhooks[0].minSeverity: unknown field",
        "`[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"http://h/x\"},"
            + "{\"name\":\"a\",\"format\":\"wecom\",\"url\":\"http://h/y\"}]`"
            + " | webhooks[1].name: duplicate of webhooks[0].name",
      })
  void everyMistakeNamesTheElementAndField(String json, String message) {
    assertThatThrownBy(() -> WebhookTarget.parseAll(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void errorMessagesDoNotEchoTheUrl() {
    String json = "[{\"name\":\"a\",\"format\":\"generic\",\"url\":\"ftp://h/x?token=hush\"}]";
    assertThatThrownBy(() -> WebhookTarget.parseAll(json)).hasMessageNotContaining("hush");
  }

  @Test
  void toStringHidesSecretsQueryAndPath() {
    for (WebhookTarget t : WebhookTarget.parseAll(EXAMPLE)) {
      assertThat(t.toString())
          .doesNotContain(WECOM_KEY)
          .doesNotContain(DT_TOKEN)
          .doesNotContain(DT_SECRET)
          .doesNotContain("key=")
          .doesNotContain("access_token")
          .contains(t.name());
    }
    WebhookTarget dt = WebhookTarget.parseAll(EXAMPLE).get(1);
    assertThat(dt.toString())
        .isEqualTo(
            "WebhookTarget[name=dt, format=dingtalk, url=https://oapi.dingtalk.com/…,"
                + " secret=***, events=[opened,acknowledged,resolved], minSeverity=info]");

    WebhookTarget feishuLike =
        new WebhookTarget(
            "relay",
            WebhookFormat.GENERIC,
            URI.create("http://relay.example:8080/hook/v2/T0KEN-IN-PATH"),
            null);
    assertThat(feishuLike.toString()).doesNotContain("T0KEN").contains("secret=none");
    assertThat(feishuLike.safeUrl()).isEqualTo("http://relay.example:8080/…");
  }

  @Test
  void aTargetWantsOnlyItsEventsAtOrAboveItsSeverity() {
    WebhookTarget ops = WebhookTarget.parseAll(EXAMPLE).get(0);
    assertThat(ops.wants(notice(AlertEvent.OPENED, AlertSeverity.WARNING))).isTrue();
    assertThat(ops.wants(notice(AlertEvent.RESOLVED, AlertSeverity.CRITICAL))).isTrue();
    assertThat(ops.wants(notice(AlertEvent.OPENED, AlertSeverity.INFO))).isFalse();
    assertThat(ops.wants(notice(AlertEvent.ACKNOWLEDGED, AlertSeverity.CRITICAL))).isFalse();
  }

  private static AlertNotice notice(AlertEvent e, AlertSeverity s) {
    return new AlertNotice(e, 1, "too_hot", s, "st-1", null, null, "", Instant.EPOCH, null, null);
  }
}
