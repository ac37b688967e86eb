package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Verifies how {@code metrics.enabled} and {@code metrics.token} are read and refused. */
class MetricsConfigTest {

  @Test
  void metricsAreOnAndOpenByDefault() throws Exception {
    MetricsConfig m = new ConfigLoader(Map.of()).load(Optional.empty()).metrics();
    assertThat(m).isEqualTo(MetricsConfig.DEFAULTS);
    assertThat(m.enabled()).isTrue();
    assertThat(m.token()).isEmpty();
  }

  @Test
  void theEnvironmentTurnsThemOffOrSetsAToken() throws Exception {
    MetricsConfig m =
        new ConfigLoader(
                Map.of(
                    "YIZHAN_METRICS_ENABLED", "false",
                    "YIZHAN_METRICS_TOKEN", "scrape-token-0123456789"))
            .load(Optional.empty())
            .metrics();
    assertThat(m.enabled()).isFalse();
    assertThat(m.token()).hasValue("scrape-token-0123456789");
  }

  @Test
  void aValueOtherThanTrueOrFalseIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () -> new ConfigLoader(Map.of("YIZHAN_METRICS_ENABLED", "ture")).load(Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metrics.enabled");
  }

  @Test
  void aShortTokenIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () -> new ConfigLoader(Map.of("YIZHAN_METRICS_TOKEN", "short")).load(Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metrics.token");
  }
}
