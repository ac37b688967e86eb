package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Verifies the README "Configuration" order for plain settings: defaults, then the YAML file, then
 * the environment. (The command line coming last is proven by {@code ConfigOrderIT}.)
 */
class ConfigOrderTest {

  @Test
  void yamlBeatsTheDefaultsAndTheEnvironmentBeatsYaml() throws Exception {
    Path yaml = Files.createTempFile("yizhan-order", ".yaml");
    Files.writeString(yaml, "http:\n  port: 9001\n  host: 127.0.0.2\ndb:\n  pool:\n    size: 3\n");

    YizhanConfig defaults = new ConfigLoader(Map.of()).load(Optional.empty());
    assertThat(defaults.httpPort()).isEqualTo(8080);
    assertThat(defaults.httpHost()).isEqualTo("0.0.0.0");
    assertThat(defaults.dbPoolSize()).isEqualTo(8);

    YizhanConfig fromYaml = new ConfigLoader(Map.of()).load(Optional.of(yaml));
    assertThat(fromYaml.httpPort()).isEqualTo(9001);
    assertThat(fromYaml.httpHost()).isEqualTo("127.0.0.2");
    assertThat(fromYaml.dbPoolSize()).isEqualTo(3);

    YizhanConfig withEnv =
        new ConfigLoader(Map.of("YIZHAN_HTTP_PORT", "9002", "YIZHAN_CONFIG", yaml.toString()))
            .load(Optional.empty());
    assertThat(withEnv.httpPort()).as("environment over YAML").isEqualTo(9002);
    assertThat(withEnv.httpHost())
        .as("YAML where the environment is silent")
        .isEqualTo("127.0.0.2");
    assertThat(withEnv.dbPoolSize()).isEqualTo(3);
    Files.delete(yaml);
  }
}
