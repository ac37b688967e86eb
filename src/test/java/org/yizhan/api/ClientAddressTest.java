package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.config.TrustedProxies;

class ClientAddressTest {

  private static final ClientAddress BEHIND_PROXIES =
      new ClientAddress(TrustedProxies.parse("10.0.0.0/8,fd00::/8,127.0.0.1"));

  private static ClientAddress.Seen from(
      ClientAddress c, String peer, String proto, String... forwardedFor) {
    return c.choose(
        SocketAddress.inetSocketAddress(40000, peer), false, List.of(forwardedFor), proto);
  }

  /** Verifies that without trusted proxies the headers change nothing. */
  @Test
  void withoutTrustedProxiesTheHeadersAreIgnored() {
    ClientAddress none = new ClientAddress(TrustedProxies.NONE);
    assertThat(from(none, "127.0.0.1", "https", "203.0.113.5"))
        .isEqualTo(new ClientAddress.Seen("127.0.0.1", false));
  }

  /** Verifies that an untrusted peer's headers are ignored entirely. */
  @Test
  void anUntrustedPeerIsTheClient() {
    assertThat(from(BEHIND_PROXIES, "198.51.100.9", "https", "203.0.113.5"))
        .isEqualTo(new ClientAddress.Seen("198.51.100.9", false));
  }

  /** Verifies that a trusted peer's forwarded address and scheme are believed. */
  @Test
  void aTrustedPeerNamesTheClientAndScheme() {
    assertThat(from(BEHIND_PROXIES, "10.1.2.3", "https", "203.0.113.5"))
        .isEqualTo(new ClientAddress.Seen("203.0.113.5", true));
    assertThat(from(BEHIND_PROXIES, "10.1.2.3", "http", "203.0.113.5").https()).isFalse();
    assertThat(from(BEHIND_PROXIES, "10.1.2.3", "HTTPS, http", "203.0.113.5").https()).isTrue();
    assertThat(from(BEHIND_PROXIES, "10.1.2.3", "wss", "203.0.113.5").https()).isFalse();
    assertThat(from(BEHIND_PROXIES, "10.1.2.3", null).host())
        .as("no header: the proxy itself")
        .isEqualTo("10.1.2.3");
  }

  /** Verifies that a chain through several trusted proxies ends at the first untrusted hop. */
  @Test
  void aChainIsWalkedFromTheRightPastTrustedHops() {
    assertThat(from(BEHIND_PROXIES, "127.0.0.1", null, "203.0.113.5, 10.9.9.9, 10.0.0.2").host())
        .isEqualTo("203.0.113.5");
    assertThat(from(BEHIND_PROXIES, "127.0.0.1", null, "203.0.113.5", "10.9.9.9").host())
        .as("several header lines form one list")
        .isEqualTo("203.0.113.5");
    assertThat(from(BEHIND_PROXIES, "127.0.0.1", null, "10.9.9.9, 10.0.0.2").host())
        .as("all trusted: the left-most")
        .isEqualTo("10.9.9.9");
  }

  /** Verifies that a client cannot pick its address by writing one at the left of the list. */
  @Test
  void spoofedLeftMostEntriesAreNotBelieved() {
    assertThat(from(BEHIND_PROXIES, "10.1.2.3", null, "1.1.1.1, 8.8.8.8, 198.51.100.77").host())
        .isEqualTo("198.51.100.77");
    assertThat(from(BEHIND_PROXIES, "10.1.2.3", null, "10.0.0.5, 198.51.100.77").host())
        .as("even a trusted-looking spoof left of the real client")
        .isEqualTo("198.51.100.77");
  }

  /** Verifies that garbage in the chain gives the peer, never a made-up or looked-up address. */
  @Test
  void garbageFallsBackToThePeer() {
    for (String garbage :
        new String[] {"unknown", "evil.example", "", "1.2.3.4:80", "300.1.1.1", "<script>", "_x"}) {
      assertThat(from(BEHIND_PROXIES, "10.1.2.3", null, garbage).host())
          .as(garbage)
          .isEqualTo("10.1.2.3");
      assertThat(from(BEHIND_PROXIES, "10.1.2.3", null, "203.0.113.5, " + garbage).host())
          .as("garbage right of a real address: " + garbage)
          .isEqualTo("10.1.2.3");
    }
    assertThat(from(BEHIND_PROXIES, "10.1.2.3", null, "evil, 203.0.113.5").host())
        .as("garbage left of the client is never reached")
        .isEqualTo("203.0.113.5");
  }

  /** Verifies IPv6 peers and forwarded IPv6 clients, bracketed or not. */
  @Test
  void ipv6PeersAndClients() {
    assertThat(from(BEHIND_PROXIES, "fd12::1", "https", "2001:db8::7").host())
        .isEqualTo("2001:db8:0:0:0:0:0:7");
    assertThat(from(BEHIND_PROXIES, "fd12::1", null, "[2001:db8::7], fd00::9").host())
        .isEqualTo("2001:db8:0:0:0:0:0:7");
    assertThat(from(BEHIND_PROXIES, "2001:db8::1", "https", "203.0.113.5"))
        .as("untrusted IPv6 peer")
        .isEqualTo(new ClientAddress.Seen("2001:db8::1", false));
  }
}
