package org.yizhan.alert.notify;

import java.util.Locale;
import java.util.Optional;
import org.yizhan.json.Coded;

/**
 * What a receiver understands: our own JSON for systems we integrate with, or the markdown message
 * of a WeCom or DingTalk group robot, which is where ops teams in China read alerts.
 */
public enum WebhookFormat implements Coded {
  GENERIC,
  WECOM,
  DINGTALK;

  private final String code = name().toLowerCase(Locale.ROOT);

  @Override
  public String code() {
    return code;
  }

  public static Optional<WebhookFormat> findByCode(String code) {
    return Coded.find(WebhookFormat.class, code);
  }
}
