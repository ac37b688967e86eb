package org.yizhan.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void allowsMaxPerSlidingWindowPerClientAndSaysHowLongToWait() {
    RateLimiter limiter = new RateLimiter(3, 1_000);
    assertThat(limiter.tryAcquire("a", 0)).isZero();
    assertThat(limiter.tryAcquire("a", 100)).isZero();
    assertThat(limiter.tryAcquire("a", 200)).isZero();
    assertThat(limiter.tryAcquire("a", 300)).isEqualTo(700); // the first leaves the window at 1000
    assertThat(limiter.tryAcquire("b", 300)).as("another client").isZero();
    assertThat(limiter.tryAcquire("a", 999)).isEqualTo(1);
    assertThat(limiter.tryAcquire("a", 1_000)).isZero();
    assertThat(limiter.tryAcquire("a", 1_050)).isEqualTo(50); // 100 leaves at 1100
  }

  @Test
  void refusedAttemptsDoNotExtendTheWait() {
    RateLimiter limiter = new RateLimiter(1, 1_000);
    assertThat(limiter.tryAcquire("a", 0)).isZero();
    for (int t = 1; t < 1_000; t += 37) {
      assertThat(limiter.tryAcquire("a", t)).isEqualTo(1_000 - t);
    }
    assertThat(limiter.tryAcquire("a", 1_000)).isZero();
  }
}
