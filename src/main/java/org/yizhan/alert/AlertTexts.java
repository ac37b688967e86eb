package org.yizhan.alert;

import java.time.Instant;
import java.util.List;
import org.yizhan.text.Bilingual;

/**
 * The details of the alerts raised here (device offline, suspect sensor, late maintenance), each
 * built in English and Chinese at once; station conditions have theirs in {@code
 * condition.ConditionText}.
 */
final class AlertTexts {

  private AlertTexts() {}

  static Bilingual wentOffline(String deviceId, String fromState) {
    return new Bilingual(
        "device " + deviceId + " went offline (was " + fromState + ")",
        "设备 " + deviceId + " 已离线（之前为 " + fromState + "）");
  }

  static Bilingual offlineAtStart(String deviceId) {
    return new Bilingual(
        "device " + deviceId + " offline (found when the server started)",
        "设备 " + deviceId + " 离线（服务器启动时发现）");
  }

  static Bilingual sensorSuspect(String deviceId, List<String> flags) {
    String codes = String.join(", ", flags);
    return new Bilingual(
        "readings of device " + deviceId + " flagged: " + codes,
        "设备 " + deviceId + " 的读数被标记：" + codes);
  }

  /**
   * @param lastSuccess null when the task has not succeeded since {@code watchedSince}
   * @param every how often it should succeed, e.g. "1 h"
   * @param lastError null when none
   */
  static Bilingual maintenanceLate(
      String task, Instant lastSuccess, Instant watchedSince, String every, String lastError) {
    StringBuilder en = new StringBuilder("storage maintenance ").append(task).append(" late: ");
    StringBuilder zh = new StringBuilder("存储维护任务 ").append(task).append(" 逾期：");
    if (lastSuccess == null) {
      en.append("no success since the server started at ").append(watchedSince);
      zh.append("自服务器于 ").append(watchedSince).append(" 启动以来从未成功");
    } else {
      en.append("last success ").append(lastSuccess);
      zh.append("上次成功于 ").append(lastSuccess);
    }
    en.append(", it should succeed every ").append(every);
    zh.append("，应每 ").append(every).append(" 成功一次");
    if (lastError != null) {
      en.append("; last error: ").append(lastError);
      zh.append("；最近错误：").append(lastError);
    }
    return new Bilingual(en.toString(), zh.toString());
  }
}
