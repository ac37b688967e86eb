package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private static InetAddress ip(String s) {
    return TrustedProxies.literal(s).orElseThrow();
  }

  /** Verifies that IPv4 blocks match exactly the addresses inside them, edges included. */
  @Test
  void ipv4BlocksMatchTheirAddressesOnly() {
    TrustedProxies t = TrustedProxies.parse("10.0.0.0/8, 192.168.1.7 ,172.16.0.0/12");
    assertThat(t.contains(ip("10.0.0.0"))).isTrue();
    assertThat(t.contains(ip("10.255.255.255"))).isTrue();
    assertThat(t.contains(ip("11.0.0.0"))).isFalse();
    assertThat(t.contains(ip("9.255.255.255"))).isFalse();
    assertThat(t.contains(ip("192.168.1.7"))).isTrue();
    assertThat(t.contains(ip("192.168.1.8"))).isFalse();
    assertThat(t.contains(ip("172.31.255.255"))).isTrue();
    assertThat(t.contains(ip("172.32.0.0"))).isFalse();
    assertThat(t.contains(ip("172.15.255.255"))).isFalse();
  }

  /** Verifies IPv6 blocks, prefixes not on a byte boundary, and that families never mix. */
  @Test
  void ipv6BlocksMatchAndFamiliesDoNotMix() {
    TrustedProxies t = TrustedProxies.parse("fd00::/8,2001:db8:abcd:12::/63,::1");
    assertThat(t.contains(ip("fdff:ffff::1"))).isTrue();
    assertThat(t.contains(ip("fe00::1"))).isFalse();
    assertThat(t.contains(ip("2001:db8:abcd:13::9"))).isTrue();
    assertThat(t.contains(ip("2001:db8:abcd:14::9"))).isFalse();
    assertThat(t.contains(ip("::1"))).isTrue();
    assertThat(t.contains(ip("0.0.0.1"))).isFalse();
    assertThat(TrustedProxies.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
    assertThat(TrustedProxies.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    // An IPv4-mapped IPv6 address is the IPv4 address.
    assertThat(TrustedProxies.parse("127.0.0.0/8").contains(ip("::ffff:127.0.0.2"))).isTrue();
  }

  /** Verifies that the host bits of a block are ignored and a /0 matches everything. */
  @Test
  void hostBitsAreClearedAndZeroPrefixMatchesAll() {
    assertThat(TrustedProxies.parse("10.1.2.3/8")).isEqualTo(TrustedProxies.parse("10.0.0.0/8"));
    assertThat(TrustedProxies.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    assertThat(TrustedProxies.parse("[10.0.0.0/8, fd00::/8]").blocks()).hasSize(2);
  }

  /** Verifies that an empty setting trusts nobody. */
  @Test
  void emptyMeansNone() {
    assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
    assertThat(TrustedProxies.parse(" , ").isEmpty()).isTrue();
    assertThat(TrustedProxies.parse("").contains(ip("127.0.0.1"))).isFalse();
  }

  /** Verifies that bad entries stop the start with a message naming the setting and entry. */
  @Test
  void badEntriesAreRefusedNamingTheSetting() {
    for (String bad :
        new String[] {
          "localhost",
          "10.0.0.0/33",
          "::1/129",
          "10.0.0/8",
          "256.1.1.1",
          "10.0.0.1/",
          "10.0.0.1/-1",
          "1.2.3.4:80",
          "fe80::1%eth0",
          "*",
          "10.0.0.0/8 proxy"
        }) {
      assertThatThrownBy(() -> TrustedProxies.parse("127.0.0.1," + bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("http.trusted.proxies")
          .hasMessageContaining(bad);
    }
  }

  /** Verifies that only literals are addresses: no name is ever looked up. */
  @Test
  void literalsOnly() {
    assertThat(TrustedProxies.literal("example.org")).isEmpty();
    assertThat(TrustedProxies.literal(".:")).isEmpty();
    assertThat(TrustedProxies.literal("1:2")).isEmpty();
    assertThat(TrustedProxies.literal("01.2.3.4")).isEmpty();
    assertThat(TrustedProxies.literal("")).isEmpty();
    assertThat(TrustedProxies.literal(null)).isEmpty();
    assertThat(TrustedProxies.literal("2001:DB8::1").map(InetAddress::getHostAddress))
        .contains("2001:db8:0:0:0:0:0:1");
  }

  /** Verifies that the loader reads the setting and refuses a bad one at start. */
  @Test
  void theLoaderReadsAndChecksTheSetting() throws Exception {
    assertThat(new ConfigLoader(Map.of()).load(Optional.empty()).trustedProxies().isEmpty())
        .isTrue();
    assertThat(
            new ConfigLoader(Map.of("YIZHAN_HTTP_TRUSTED_PROXIES", "10.0.0.0/8,::1"))
                .load(Optional.empty())
                .trustedProxies()
                .blocks())
        .hasSize(2);
    assertThatThrownBy(
            () ->
                new ConfigLoader(Map.of("YIZHAN_HTTP_TRUSTED_PROXIES", "proxy.local"))
                    .load(Optional.empty()))
        .hasMessageContaining("http.trusted.proxies");
  }
}
