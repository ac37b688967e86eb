package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Verifies how {@code arrival.enabled} and {@code arrival.refresh.minutes} are read. */
class ArrivalConfigTest {

  @Test
  void predictionsAreOnAndRebuiltHourlyByDefault() throws Exception {
    ArrivalConfig a = new ConfigLoader(Map.of()).load(Optional.empty()).arrival();
    assertThat(a).isEqualTo(ArrivalConfig.DEFAULTS);
    assertThat(a.enabled()).isTrue();
    assertThat(a.refresh()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void theEnvironmentTurnsThemOffOrChangesTheRefresh() throws Exception {
    ArrivalConfig a =
        new ConfigLoader(
                Map.of("YIZHAN_ARRIVAL_ENABLED", "false", "YIZHAN_ARRIVAL_REFRESH_MINUTES", "15"))
            .load(Optional.empty())
            .arrival();
    assertThat(a.enabled()).isFalse();
    assertThat(a.refresh()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void aValueOtherThanTrueOrFalseIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () -> new ConfigLoader(Map.of("YIZHAN_ARRIVAL_ENABLED", "yes")).load(Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arrival.enabled");
    assertThatThrownBy(
            () ->
                new ConfigLoader(Map.of("YIZHAN_ARRIVAL_REFRESH_MINUTES", "0"))
                    .load(Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arrival.refresh.minutes");
  }
}
