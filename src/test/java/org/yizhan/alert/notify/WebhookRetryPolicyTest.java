package org.yizhan.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Backoff doubles from the initial delay up to the cap; full jitter stays below the backoff. */
class WebhookRetryPolicyTest {

  @Test
  void theDefaultBackoffDoublesFromTwoSecondsUpToFiveMinutes() {
    RetryPolicy p = RetryPolicy.DEFAULT;
    assertThat(p.maxAttempts()).isEqualTo(8);
    assertThat(p.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.backoff(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.backoff(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.backoff(7)).isEqualTo(Duration.ofSeconds(128));
    assertThat(p.backoff(8)).isEqualTo(Duration.ofSeconds(256));
    assertThat(p.backoff(9)).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.backoff(1_000)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void fullJitterDrawsBetweenZeroAndTheBackoff() {
    RetryPolicy p = RetryPolicy.DEFAULT;
    assertThat(p.delay(3, 0.0)).isEqualTo(Duration.ZERO);
    assertThat(p.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.delay(3, 0.999_999)).isLessThan(Duration.ofSeconds(8));
    RetryPolicy steady =
        new RetryPolicy(
            Duration.ofMillis(20), 2, Duration.ofSeconds(1), 3, Duration.ofSeconds(1), false);
    assertThat(steady.delay(2, 0.0)).isEqualTo(Duration.ofMillis(40));
  }

  @Test
  void nonsenseIsRefused() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new RetryPolicy(s, 0.5, s, 3, s, true)).hasMessageContaining("factor");
    assertThatThrownBy(() -> new RetryPolicy(s, 2, s, 0, s, true))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(s, 2, Duration.ZERO, 3, s, true))
        .hasMessageContaining("maxDelay");
    assertThatThrownBy(() -> new RetryPolicy(s, 2, s, 3, Duration.ZERO, true))
        .hasMessageContaining("requestTimeout");
  }
}
