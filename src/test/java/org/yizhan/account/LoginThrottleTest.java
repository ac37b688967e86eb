package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** Verifies that one address using up a name's budget leaves that name open elsewhere. */
  @Test
  void aNamesBudgetIsKeptPerAddress() {
    LoginThrottle throttle = new LoginThrottle(3, 100, 60_000);
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.tryAcquire("admin", "203.0.113.9", i)).isZero();
    }
    assertThat(throttle.tryAcquire("admin", "203.0.113.9", 10)).isPositive();
    assertThat(throttle.tryAcquire("admin", "198.51.100.7", 10)).as("the owner").isZero();
    assertThat(throttle.tryAcquire("ops", "203.0.113.9", 10)).as("another name").isZero();
  }

  /** Verifies that one address trying many names is stopped by the looser per-address budget. */
  @Test
  void anAddressHasItsOwnLooserBudget() {
    LoginThrottle throttle = new LoginThrottle(3, 5, 60_000);
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.tryAcquire("name-" + i, "203.0.113.9", i)).isZero();
    }
    assertThat(throttle.tryAcquire("name-9", "203.0.113.9", 10)).isPositive();
    assertThat(throttle.tryAcquire("name-9", "203.0.113.10", 10)).isZero();
  }

  /** Verifies that the addresses of one IPv6 /64 share a budget, as one host may hold them all. */
  @Test
  void ipv6AddressesCountByTheirSlash64() {
    assertThat(LoginThrottle.addressKey("2001:db8:1:2:aaaa::1"))
        .isEqualTo(LoginThrottle.addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee"))
        .isNotEqualTo(LoginThrottle.addressKey("2001:db8:1:3::1"));
    assertThat(LoginThrottle.addressKey("192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(LoginThrottle.addressKey("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
    LoginThrottle throttle = new LoginThrottle(1, 100, 60_000);
    assertThat(throttle.tryAcquire("admin", "2001:db8:1:2::10", 0)).isZero();
    assertThat(throttle.tryAcquire("admin", "2001:db8:1:2::11", 1)).isPositive();
  }
}
