package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertConfigLoadingTest {

  @Test
  void webhooksComeAsYamlListsOrAsJsonInTheEnvironment(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("yizhan.yaml");
    Files.writeString(
        yaml,
        """
        alerts:
          calm:
            s: 120
          webhooks:
            - name: ops
              format: wecom
              url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc
        """);
    AlertConfig fromYaml = new ConfigLoader(Map.of()).load(Optional.of(yaml)).alerts();
    assertThat(fromYaml.calmSeconds()).isEqualTo(120);
    JsonArray hooks = new JsonArray(fromYaml.webhooksJson());
    assertThat(hooks.getJsonObject(0).getString("format")).isEqualTo("wecom");

    AlertConfig fromEnv =
        new ConfigLoader(
                Map.of(
                    "YIZHAN_ALERTS_WEBHOOKS", "[{\"name\":\"x\",\"format\":\"generic\"}]",
                    "YIZHAN_ADMIN_PASSWORD", "a-long-password"))
            .load(Optional.of(yaml))
            .alerts();
    assertThat(new JsonArray(fromEnv.webhooksJson()).getJsonObject(0).getString("name"))
        .isEqualTo("x");
    assertThat(fromEnv.initialAdminPassword()).contains("a-long-password");

    AlertConfig none = new ConfigLoader(Map.of()).load(Optional.empty()).alerts();
    assertThat(none).isEqualTo(AlertConfig.DEFAULTS);
  }
}
