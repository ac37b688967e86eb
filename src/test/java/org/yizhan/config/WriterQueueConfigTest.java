package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Verifies that the writer's queue holds 200,000 readings unless YIZHAN_WRITER_QUEUE says else. */
class WriterQueueConfigTest {

  @Test
  void defaultIsTwoHundredThousandReadings() throws Exception {
    assertThat(new ConfigLoader(Map.of()).load(Optional.empty()).writerQueueReadings())
        .isEqualTo(200_000);
  }

  @Test
  void theEnvironmentSetsIt() throws Exception {
    assertThat(
            new ConfigLoader(Map.of("YIZHAN_WRITER_QUEUE", "5"))
                .load(Optional.empty())
                .writerQueueReadings())
        .isEqualTo(5);
  }

  @Test
  void aQueueOfNothingIsRefused() {
    assertThatThrownBy(
            () -> new ConfigLoader(Map.of("YIZHAN_WRITER_QUEUE", "0")).load(Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("writer queue");
  }
}
