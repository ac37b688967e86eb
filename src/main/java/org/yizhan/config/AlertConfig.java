package org.yizhan.config;

import java.util.Optional;

/**
 * Admin and alert settings.
 *
 * @param initialAdminPassword the password of the first super admin ({@code admin}), created on a
 *     database without accounts; empty means generate one into the data directory
 * @param calmSeconds how long a condition must stay clear before its alert resolves
 * @param webhooksJson webhook targets as a JSON array (see docs/alerts-webhooks.md); {@code []} for
 *     none
 * @param consoleUrl the admin console's public address, linked from notifications; empty for no
 *     link
 */
public record AlertConfig(
    Optional<String> initialAdminPassword,
    int calmSeconds,
    String webhooksJson,
    Optional<String> consoleUrl) {

  public static final AlertConfig DEFAULTS =
      new AlertConfig(Optional.empty(), 300, "[]", Optional.empty());

  public AlertConfig {
    if (calmSeconds < 0 || calmSeconds > 86_400) {
      throw new IllegalArgumentException("alerts.calm.s must be 0-86400 seconds");
    }
  }

  public AlertConfig withCalmSeconds(int s) {
    return new AlertConfig(initialAdminPassword, s, webhooksJson, consoleUrl);
  }

  public AlertConfig withWebhooks(String json) {
    return new AlertConfig(initialAdminPassword, calmSeconds, json, consoleUrl);
  }
}
