package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Verifies that the three body limits have small defaults and are read from the environment. */
class BodyLimitsConfigTest {

  @Test
  void defaultsKeepAnonymousBodiesToAFewKilobytes() throws Exception {
    BodyLimits l = new ConfigLoader(Map.of()).load(Optional.empty()).bodyLimits();
    assertThat(l.publicBytes()).isEqualTo(8 * 1024);
    assertThat(l.adminBytes()).isEqualTo(256 * 1024);
    assertThat(l.importBytes()).isEqualTo(16 * 1024 * 1024);
  }

  @Test
  void eachLimitHasItsOwnVariable() throws Exception {
    BodyLimits l =
        new ConfigLoader(
                Map.of(
                    "YIZHAN_HTTP_MAX_PUBLIC_BODY_BYTES", "1000",
                    "YIZHAN_HTTP_MAX_ADMIN_BODY_BYTES", "2000",
                    "YIZHAN_HTTP_MAX_BODY_BYTES", "3000"))
            .load(Optional.empty())
            .bodyLimits();
    assertThat(l).isEqualTo(new BodyLimits(1000, 2000, 3000));
  }

  @Test
  void aLimitBelowOneByteIsRefused() {
    assertThatThrownBy(() -> new BodyLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
