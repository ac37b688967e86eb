package org.yizhan.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yizhan.alert.Alert;
import org.yizhan.alert.AlertBook;

/**
 * Verifies that an alert about the server itself (late storage maintenance: no station, no device)
 * becomes a notice and renders in every webhook format, naming the task instead of a station.
 */
class ServerAlertBodiesTest {

  private static final Instant AT = Instant.parse("2026-12-05T01:00:00Z");

  private static final Alert LATE =
      new Alert(
          7,
          "maintenance_late:retention",
          null,
          null,
          "warning",
          AT,
          null,
          null,
          null,
          "storage maintenance retention late: last success 2026-12-04T20:00:00Z, it should"
              + " succeed every 1 h; last error: permission denied for table reading_d20251101");

  private final AlertNotices notices =
      new AlertNotices(
          id -> {
            throw new AssertionError("no station to look up, asked for " + id);
          },
          Optional.of("https://yz.example/admin/"));

  @Test
  void aLateTaskRendersWithoutAStationInEveryFormat() {
    AlertNotice n = notices.of(new AlertBook.Event(AlertBook.Event.Type.OPENED, LATE));
    assertThat(n.stationId()).isNull();

    JsonObject generic = WebhookBodies.generic(n).getJsonObject("alert");
    assertThat(generic.getString("kind")).isEqualTo("maintenance_late:retention");
    assertThat(generic.getValue("station_id")).isNull();
    assertThat(generic.getString("detail")).contains("permission denied");

    String weCom = WebhookBodies.weComMarkdown(n);
    assertThat(weCom)
        .contains("【告警】服务器 存储维护逾期（retention）")
        .contains("类型：存储维护逾期（retention） (maintenance_late:retention)")
        .doesNotContain("驿站")
        .doesNotContain("null")
        .contains("last error: permission denied");
    String dingTalk = WebhookBodies.dingTalkMarkdown(n);
    assertThat(dingTalk).contains("服务器 存储维护逾期（retention）").doesNotContain("null");
  }
}
