package org.yizhan.alert.notify;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The words of a chat message, in Chinese for the ops groups that read them, with the English codes
 * alongside so a message can be matched to the API, logs and the console.
 */
final class ChatText {

  /** One "label：value" line of a message. */
  record Line(String label, String value) {}

  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(BEIJING);

  private static final Map<String, String> KINDS =
      Map.of(
          "device_offline", "设备离线",
          "too_hot", "温度过高",
          "too_cold", "温度过低",
          "overfull", "人数超员",
          "no_data", "营业中无数据",
          "maintenance_late", "存储维护逾期");

  private ChatText() {}

  /** E.g. {@code 【告警】驿站 太原迎泽区环卫驿站 设备离线}, with {@code by 张三} when acknowledged. */
  static String title(AlertNotice n) {
    String prefix =
        switch (n.event()) {
          case OPENED -> "【告警】";
          case ACKNOWLEDGED -> "【已确认】";
          case RESOLVED -> "【已恢复】";
        };
    String by =
        n.event() == AlertEvent.ACKNOWLEDGED && n.by() != null ? " by " + oneLine(n.by()) : "";
    if (n.stationId() == null) {
      return prefix + "服务器 " + kindName(n.kind()) + by;
    }
    String station = oneLine(n.stationName() == null ? n.stationId() : n.stationName());
    return prefix + "驿站 " + station + " " + kindName(n.kind()) + by;
  }

  /** The facts of the message, in reading order; the detail comes separately, last. */
  static List<Line> facts(AlertNotice n) {
    List<Line> lines = new ArrayList<>();
    lines.add(new Line("类型", kindName(n.kind()) + " (" + oneLine(n.kind()) + ")"));
    lines.add(new Line("级别", severityName(n.severity()) + " (" + n.severity().code() + ")"));
    if (n.stationId() != null) {
      lines.add(
          new Line(
              "驿站",
              n.stationName() == null
                  ? oneLine(n.stationId())
                  : oneLine(n.stationName()) + " (" + oneLine(n.stationId()) + ")"));
    }
    if (n.deviceId() != null) {
      lines.add(new Line("设备", oneLine(n.deviceId())));
    }
    lines.add(new Line(timeLabel(n.event()), LOCAL.format(n.at()) + " (北京时间)"));
    if (n.event() == AlertEvent.ACKNOWLEDGED && n.by() != null) {
      lines.add(new Line("确认人", oneLine(n.by())));
    }
    lines.add(new Line("告警编号", Long.toString(n.alertId())));
    return lines;
  }

  static String detailLabel() {
    return "详情";
  }

  static String consoleLinkText() {
    return "在管理台查看";
  }

  /** A kind's name; a kind with a subject ({@code maintenance_late:retention}) names it too. */
  static String kindName(String kind) {
    int colon = kind.indexOf(':');
    if (colon > 0 && KINDS.containsKey(kind.substring(0, colon))) {
      return KINDS.get(kind.substring(0, colon)) + "（" + oneLine(kind.substring(colon + 1)) + "）";
    }
    return KINDS.getOrDefault(kind, oneLine(kind));
  }

  static String beijingTime(Instant t) {
    return LOCAL.format(t);
  }

  /**
   * Keeps a value on its own line: a station name or detail with line breaks would otherwise start
   * new markdown blocks (quotes, headings, links) in the middle of the message.
   */
  static String oneLine(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
    }
    return sb.toString();
  }

  private static String severityName(AlertSeverity s) {
    return switch (s) {
      case INFO -> "提示";
      case WARNING -> "警告";
      case CRITICAL -> "严重";
    };
  }

  private static String timeLabel(AlertEvent e) {
    return switch (e) {
      case OPENED -> "发生时间";
      case ACKNOWLEDGED -> "确认时间";
      case RESOLVED -> "恢复时间";
    };
  }
}
