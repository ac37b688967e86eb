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

/** Verifies the tuning settings: their defaults, the environment and YAML keys, and refusals. */
class TuningConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() throws Exception {
    Tuning t = new ConfigLoader(Map.of()).load(Optional.empty()).tuning();
    assertThat(t).isEqualTo(Tuning.DEFAULTS);
    assertThat(t.writerBatch()).isEqualTo(10_000);
    assertThat(t.rejectionsKept()).isEqualTo(100_000);
    assertThat(t.livePush()).isEqualTo(Duration.ofMillis(50));
    assertThat(t.conditionSweep()).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.feedbackPerClient()).isEqualTo(5);
    assertThat(t.feedbackWindow()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void theEnvironmentSetsEachOne() throws Exception {
    Tuning t =
        new ConfigLoader(
                Map.of(
                    "YIZHAN_WRITER_BATCH", "500",
                    "YIZHAN_REJECTIONS_KEPT", "7",
                    "YIZHAN_LIVE_PUSH_MS", "200",
                    "YIZHAN_CONDITIONS_SWEEP_S", "30",
                    "YIZHAN_FEEDBACK_PER_CLIENT", "2",
                    "YIZHAN_FEEDBACK_WINDOW_S", "60"))
            .load(Optional.empty())
            .tuning();
    assertThat(t)
        .isEqualTo(
            new Tuning(
                200_000,
                500,
                7,
                Duration.ofMillis(200),
                Duration.ofSeconds(30),
                2,
                Duration.ofSeconds(60)));
  }

  @Test
  void yamlSetsThemToo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("yizhan.yaml");
    Files.writeString(file, "writer:\n  batch: 250\nlive:\n  push:\n    ms: 100\n");
    Tuning t = new ConfigLoader(Map.of()).load(Optional.of(file)).tuning();
    assertThat(t.writerBatch()).isEqualTo(250);
    assertThat(t.livePush()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void zeroOrNegativeIsRefusedNamingTheSetting() {
    for (var bad :
        Map.of(
                "YIZHAN_WRITER_BATCH", "writer batch",
                "YIZHAN_REJECTIONS_KEPT", "rejections kept",
                "YIZHAN_LIVE_PUSH_MS", "live push",
                "YIZHAN_CONDITIONS_SWEEP_S", "condition sweep",
                "YIZHAN_FEEDBACK_PER_CLIENT", "feedback per client",
                "YIZHAN_FEEDBACK_WINDOW_S", "feedback window")
            .entrySet()) {
      assertThatThrownBy(
              () -> new ConfigLoader(Map.of(bad.getKey(), "0")).load(Optional.empty()),
              bad.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.getValue());
    }
  }
}
