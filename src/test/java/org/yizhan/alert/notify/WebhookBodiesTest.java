package org.yizhan.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The exact requests each receiver gets: shapes, Chinese text, byte limits and signatures. */
class WebhookBodiesTest {

  private static final Instant AT = Instant.parse("2026-07-01T04:05:06Z");

  private static final AlertNotice OPENED =
      new AlertNotice(
          AlertEvent.OPENED,
          42,
          "device_offline",
          AlertSeverity.WARNING,
          "st-0001",
          "太原迎泽区环卫驿站",
          "dev-42",
          "device dev-42 went offline (was late)",
          AT,
          null,
          "https://yz.example/admin/alerts/42");

  /**
   * Known answer computed outside Java: {@code printf '%s\n%s' 1700000000000 "$S" | openssl dgst
   * -sha256 -hmac "$S" -binary | base64} gives {@code
   * HYiMmYcCoE7mCFoP+CQd2L1HFTLCVqIShLM0N/25Wow=}, URL-encoded by hand (+ / = become %2B %2F %3D).
   */
  private static final String DT_SECRET =
      "SECb1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3";

  private static final long DT_TIMESTAMP = 1_700_000_000_000L;
  private static final String DT_SIGN = "HYiMmYcCoE7mCFoP%2BCQd2L1HFTLCVqIShLM0N%2F25Wow%3D";

  @Test
  void genericBodyHasTheDocumentedShapeWithUtcTimeAndNulls() {
    assertThat(WebhookBodies.generic(OPENED).encode())
        .isEqualTo(
            "{\"event\":\"opened\",\"alert\":{\"id\":42,\"kind\":\"device_offline\","
                + "\"severity\":\"warning\",\"station_id\":\"st-0001\","
                + "\"station_name\":\"太原迎泽区环卫驿站\",\"device_id\":\"dev-42\","
                + "\"detail\":\"device dev-42 went offline (was late)\","
                + "\"at\":\"2026-07-01T04:05:06Z\",\"by\":null,"
                + "\"console_url\":\"https://yz.example/admin/alerts/42\"}}");
  }

  @Test
  void genericRequestCarriesIdempotencyKeyAndSignatureOfTheExactBody() {
    WebhookTarget t =
        new WebhookTarget("hook", WebhookFormat.GENERIC, URI.create("https://h.example/in"), "k1");
    PreparedRequest r = WebhookBodies.prepare(t, OPENED, DT_TIMESTAMP);

    assertThat(r.url()).isEqualTo("https://h.example/in");
    assertThat(r.headers())
        .containsEntry("Idempotency-Key", "42-opened")
        .containsEntry("Content-Type", "application/json; charset=utf-8")
        .containsEntry(
            "X-Yizhan-Signature",
            Signatures.generic("k1", r.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(r.body()).isEqualTo(WebhookBodies.generic(OPENED).encode());

    WebhookTarget unsigned =
        new WebhookTarget("hook", WebhookFormat.GENERIC, URI.create("https://h.example/in"), null);
    assertThat(WebhookBodies.prepare(unsigned, OPENED, 0).headers())
        .doesNotContainKey("X-Yizhan-Signature");
  }

  /** Known answer: {@code printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'whsec-测试' -hex}. */
  @Test
  void genericSignatureMatchesOpenssl() {
    byte[] body = "{\"event\":\"opened\",\"alert\":{\"id\":7}}".getBytes(StandardCharsets.UTF_8);
    assertThat(Signatures.generic("whsec-测试", body))
        .isEqualTo("sha256=87206c0f3eadee15799cf58e1116b9ec779512cbab57bba18483869cea7cff81");
  }

  @Test
  void weComMarkdownIsChineseWithEnglishCodesAndBeijingTime() {
    JsonObject body = WebhookBodies.weCom(OPENED);
    assertThat(body.fieldNames()).containsExactly("msgtype", "markdown");
    assertThat(body.getString("msgtype")).isEqualTo("markdown");
    assertThat(body.getJsonObject("markdown").fieldNames()).containsExactly("content");
    assertThat(body.getJsonObject("markdown").getString("content"))
        .isEqualTo(
            "**<font color=\"warning\">【告警】驿站 太原迎泽区环卫驿站 设备离线</font>**\n"
                + "> 类型：设备离线 (device_offline)\n"
                + "> 级别：警告 (warning)\n"
                + "> 驿站：太原迎泽区环卫驿站 (st-0001)\n"
                + "> 设备：dev-42\n"
                + "> 发生时间：2026-07-01 12:05:06 (北京时间)\n"
                + "> 告警编号：42\n"
                + "> 详情：device dev-42 went offline (was late)\n"
                + "[在管理台查看](https://yz.example/admin/alerts/42)");
  }

  @Test
  void titlesSayWhatHappenedAndWhoAcknowledged() {
    assertThat(ChatText.title(OPENED)).isEqualTo("【告警】驿站 太原迎泽区环卫驿站 设备离线");
    assertThat(ChatText.title(with(AlertEvent.RESOLVED, null))).isEqualTo("【已恢复】驿站 太原迎泽区环卫驿站 设备离线");
    assertThat(ChatText.title(with(AlertEvent.ACKNOWLEDGED, "张三")))
        .isEqualTo("【已确认】驿站 太原迎泽区环卫驿站 设备离线 by 张三");
    String ack = WebhookBodies.weComMarkdown(with(AlertEvent.ACKNOWLEDGED, "张三"));
    assertThat(ack).contains("> 确认时间：2026-07-01 12:05:06 (北京时间)\n> 确认人：张三\n");
  }

  @Test
  void aStationWithoutNameShowsItsIdAndAnUnknownKindShowsItsCode() {
    AlertNotice n =
        new AlertNotice(
            AlertEvent.OPENED,
            9,
            "door_open",
            AlertSeverity.CRITICAL,
            "st-9",
            null,
            null,
            null,
            AT,
            null,
            null);
    assertThat(ChatText.title(n)).isEqualTo("【告警】驿站 st-9 door_open");
    assertThat(WebhookBodies.weComMarkdown(n))
        .contains("> 驿站：st-9\n")
        .contains("> 级别：严重 (critical)\n")
        .doesNotContain("设备：")
        .doesNotContain("在管理台查看")
        .endsWith("> 详情：");
  }

  @Test
  void lineBreaksInValuesCannotStartNewMarkdownBlocks() {
    AlertNotice n =
        new AlertNotice(
            AlertEvent.OPENED,
            9,
            "too_hot",
            AlertSeverity.INFO,
            "st-9",
            "驿站\n# 伪造标题",
            null,
            "line one\r\n[x](http://evil)",
            AT,
            null,
            null);
    String md = WebhookBodies.weComMarkdown(n);
    assertThat(md.lines()).noneMatch(l -> l.startsWith("#") || l.startsWith("[x]"));
    assertThat(md.lines().count()).isEqualTo(7);
  }

  @Test
  void weComContentStaysWithin4096BytesOnCodePointBoundaries() {
    String detail = "高温😀".repeat(2_000); // 7 bytes each, 14,000 in all
    AlertNotice n =
        new AlertNotice(
            AlertEvent.OPENED,
            1,
            "too_hot",
            AlertSeverity.CRITICAL,
            "st-1",
            "太原迎泽区环卫驿站",
            "dev-1",
            detail,
            AT,
            null,
            "https://yz.example/admin/alerts/1");

    String content = WebhookBodies.weCom(n).getJsonObject("markdown").getString("content");
    byte[] utf8 = content.getBytes(StandardCharsets.UTF_8);

    assertThat(utf8.length).isLessThanOrEqualTo(4096).isGreaterThan(4_000);
    assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(content);
    assertThat(content.codePoints())
        .as("no lone surrogate")
        .noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
    assertThat(content)
        .startsWith("**<font color=\"warning\">【告警】驿站 太原迎泽区环卫驿站 温度过高</font>**\n")
        .contains("…\n[在管理台查看](https://yz.example/admin/alerts/1)")
        .endsWith(")");
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    String s = "ab" + "😀".repeat(10); // 2 + 40 bytes
    assertThat(Utf8.length(s)).isEqualTo(42);
    assertThat(Utf8.truncate(s, 42)).isSameAs(s);
    // 14 bytes: "ab" (2) + two emoji (8) + "…" (3) = 13; a third emoji would need 17.
    assertThat(Utf8.truncate(s, 14)).isEqualTo("ab😀😀…");
    assertThat(Utf8.truncate(s, 16)).isEqualTo("ab😀😀…");
    assertThat(Utf8.truncate(s, 17)).isEqualTo("ab😀😀😀…");
    assertThat(Utf8.truncate("汉字", 5)).isEqualTo("…");
    assertThat(Utf8.truncate("汉字", 2)).isEmpty();
  }

  @Test
  void dingTalkMarkdownHasTitleAndText() {
    JsonObject body = WebhookBodies.dingTalk(with(AlertEvent.RESOLVED, null));
    assertThat(body.fieldNames()).containsExactly("msgtype", "markdown");
    assertThat(body.getString("msgtype")).isEqualTo("markdown");
    JsonObject md = body.getJsonObject("markdown");
    assertThat(md.fieldNames()).containsExactly("title", "text");
    assertThat(md.getString("title")).isEqualTo("【已恢复】驿站 太原迎泽区环卫驿站 设备离线");
    assertThat(md.getString("text"))
        .isEqualTo(
            "#### 【已恢复】驿站 太原迎泽区环卫驿站 设备离线\n\n"
                + "- 类型：设备离线 (device_offline)\n"
                + "- 级别：警告 (warning)\n"
                + "- 驿站：太原迎泽区环卫驿站 (st-0001)\n"
                + "- 设备：dev-42\n"
                + "- 恢复时间：2026-07-01 12:05:06 (北京时间)\n"
                + "- 告警编号：42\n"
                + "- 详情：device dev-42 went offline (was late)\n\n"
                + "[在管理台查看](https://yz.example/admin/alerts/42)");
  }

  @Test
  void dingTalkSignatureMatchesOpensslKnownAnswer() {
    assertThat(Signatures.dingTalk(DT_SECRET, DT_TIMESTAMP)).isEqualTo(DT_SIGN);
  }

  @Test
  void dingTalkSignedUrlAppendsToAnExistingQueryOrStartsOne() {
    assertThat(
            WebhookBodies.dingTalkSignedUrl(
                "https://oapi.dingtalk.com/robot/send?access_token=abc", DT_SECRET, DT_TIMESTAMP))
        .isEqualTo(
            "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign="
                + DT_SIGN);
    assertThat(
            WebhookBodies.dingTalkSignedUrl("http://127.0.0.1:8080/robot", DT_SECRET, DT_TIMESTAMP))
        .isEqualTo("http://127.0.0.1:8080/robot?timestamp=1700000000000&sign=" + DT_SIGN);
  }

  @Test
  void dingTalkRequestIsSignedOnlyWithASecret() {
    URI url = URI.create("https://oapi.dingtalk.com/robot/send?access_token=abc");
    PreparedRequest signed =
        WebhookBodies.prepare(
            new WebhookTarget("dt", WebhookFormat.DINGTALK, url, DT_SECRET), OPENED, DT_TIMESTAMP);
    assertThat(signed.url()).endsWith("&timestamp=1700000000000&sign=" + DT_SIGN);
    assertThat(signed.headers()).doesNotContainKey("Idempotency-Key");

    PreparedRequest plain =
        WebhookBodies.prepare(
            new WebhookTarget("dt", WebhookFormat.DINGTALK, url, null), OPENED, DT_TIMESTAMP);
    assertThat(plain.url()).isEqualTo(url.toString());
    assertThat(new JsonObject(plain.body())).isEqualTo(WebhookBodies.dingTalk(OPENED));
  }

  private static AlertNotice with(AlertEvent e, String by) {
    return new AlertNotice(
        e,
        OPENED.alertId(),
        OPENED.kind(),
        OPENED.severity(),
        OPENED.stationId(),
        OPENED.stationName(),
        OPENED.deviceId(),
        OPENED.detail(),
        AT,
        by,
        OPENED.consoleUrl());
  }
}
