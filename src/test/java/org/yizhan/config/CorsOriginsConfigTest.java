package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code http.cors.origins}: off by default, a list of exact origins, never a wildcard. */
class CorsOriginsConfigTest {

  /** Verifies that no origin is allowed unless the operator lists one. */
  @Test
  void offByDefault() throws Exception {
    assertThat(new ConfigLoader(Map.of()).load(Optional.empty()).corsOrigins()).isEmpty();
  }

  /** Verifies that a comma-separated list is read, blanks and trailing slashes dropped. */
  @Test
  void listIsReadFromTheEnvironment() throws Exception {
    YizhanConfig c =
        new ConfigLoader(
                Map.of(
                    "YIZHAN_HTTP_CORS_ORIGINS", " https://map.example.org/, ,http://x.test:8081"))
            .load(Optional.empty());

    assertThat(c.corsOrigins()).containsExactly("https://map.example.org", "http://x.test:8081");
  }

  /** Verifies that a wildcard or an origin with a path stops the start, naming the key. */
  @Test
  void wildcardAndPathsAreRefused() {
    for (String bad : new String[] {"*", "https://a.org/app", "a.org"}) {
      assertThatThrownBy(
              () ->
                  new ConfigLoader(Map.of("YIZHAN_HTTP_CORS_ORIGINS", bad)).load(Optional.empty()))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("http.cors.origins");
    }
  }
}
