package org.yizhan.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Chat robots get at most 20 messages in any rolling minute; generic receivers are not paced. */
class WebhookPacingTest {

  private static final long S = 1_000_000_000L;

  @Test
  void theTwentyFirstSendInAMinuteWaitsForTheFirstToLeaveTheWindow() {
    SendWindow w = SendWindow.forFormat(WebhookFormat.DINGTALK);
    long t0 = 1_000 * S;
    for (int i = 0; i < 20; i++) {
      assertThat(w.waitNanos(t0 + i * S)).as("send %d", i + 1).isZero();
      w.sent(t0 + i * S);
    }
    assertThat(w.waitNanos(t0 + 30 * S)).isEqualTo(30 * S);
    assertThat(w.waitNanos(t0 + 60 * S - 1)).isEqualTo(1);
    assertThat(w.waitNanos(t0 + 60 * S)).isZero();
    w.sent(t0 + 60 * S);
    assertThat(w.waitNanos(t0 + 60 * S)).as("the second is still inside").isEqualTo(S);
  }

  @Test
  void weComIsPacedLikeDingTalkAndGenericIsNot() {
    SendWindow weCom = SendWindow.forFormat(WebhookFormat.WECOM);
    SendWindow generic = SendWindow.forFormat(WebhookFormat.GENERIC);
    for (int i = 0; i < 100; i++) {
      weCom.sent(0);
      generic.sent(0);
    }
    assertThat(weCom.waitNanos(0)).isEqualTo(Duration.ofMinutes(1).toNanos());
    assertThat(generic.waitNanos(0)).isZero();
  }
}
