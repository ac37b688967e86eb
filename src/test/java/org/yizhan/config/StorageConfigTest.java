package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention and rollup settings: defaults, environment and YAML keys, refusals naming the key. */
class StorageConfigTest {

  @Test
  void defaultsKeepRawReadings400DaysAndRollupsForEver() throws Exception {
    StorageConfig s = new ConfigLoader(Map.of()).load(Optional.empty()).storage();
    assertThat(s).isEqualTo(StorageConfig.DEFAULTS);
    assertThat(s.rawRetention()).isEqualTo(Duration.ofDays(400));
    assertThat(s.rollup15mRetention()).isEmpty();
    assertThat(s.rollup1hRetention()).isEmpty();
    assertThat(s.rollup1dRetention()).isEmpty();
    assertThat(s.rollupFold()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void theEnvironmentSetsEachOne() throws Exception {
    StorageConfig s =
        new ConfigLoader(
                Map.of(
                    "YIZHAN_RETENTION_RAW_DAYS", "90",
                    "YIZHAN_RETENTION_ROLLUP_15M_DAYS", "60",
                    "YIZHAN_RETENTION_ROLLUP_1H_DAYS", "730",
                    "YIZHAN_RETENTION_ROLLUP_1D_DAYS", "0",
                    "YIZHAN_ROLLUP_FOLD_S", "30"))
            .load(Optional.empty())
            .storage();
    assertThat(s)
        .isEqualTo(
            new StorageConfig(
                Duration.ofDays(90),
                Optional.of(Duration.ofDays(60)),
                Optional.of(Duration.ofDays(730)),
                Optional.empty(),
                Duration.ofSeconds(30)));
  }

  @Test
  void yamlSetsThemToo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("yizhan.yaml");
    Files.writeString(
        file, "retention:\n  raw:\n    days: 30\n  rollup:\n    15m:\n      days: 45\n");
    StorageConfig s = new ConfigLoader(Map.of()).load(Optional.of(file)).storage();
    assertThat(s.rawRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(s.rollup15mRetention()).contains(Duration.ofDays(45));
  }

  @Test
  void beyondAHundredYearsOrAnHourOfFoldingIsRefused() {
    for (var bad :
        Map.of(
                "YIZHAN_RETENTION_RAW_DAYS", "2147483647",
                "YIZHAN_RETENTION_ROLLUP_1D_DAYS", "36501",
                "YIZHAN_ROLLUP_FOLD_S", "3601")
            .entrySet()) {
      String key = bad.getKey().substring("YIZHAN_".length()).toLowerCase().replace('_', '.');
      assertThatThrownBy(
              () -> new ConfigLoader(Map.of(bad.getKey(), bad.getValue())).load(Optional.empty()),
              bad.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key);
    }
  }

  @Test
  void tooShortIsRefusedNamingTheSetting() {
    for (var bad :
        Map.of(
                "YIZHAN_RETENTION_RAW_DAYS", "7",
                "YIZHAN_RETENTION_ROLLUP_15M_DAYS", "31",
                "YIZHAN_RETENTION_ROLLUP_1H_DAYS", "1",
                "YIZHAN_RETENTION_ROLLUP_1D_DAYS", "10",
                "YIZHAN_ROLLUP_FOLD_S", "0")
            .entrySet()) {
      String key = bad.getKey().substring("YIZHAN_".length()).toLowerCase().replace('_', '.');
      assertThatThrownBy(
              () -> new ConfigLoader(Map.of(bad.getKey(), bad.getValue())).load(Optional.empty()),
              bad.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key);
    }
  }
}
