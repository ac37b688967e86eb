package org.yizhan.api;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.yizhan.config.TrustedProxies;

/**
 * Who sent a request and over which scheme, seen through trusted reverse proxies. Only when the TCP
 * peer is a trusted proxy are {@code X-Forwarded-For} (the right-most address that is not itself a
 * trusted proxy) and {@code X-Forwarded-Proto} believed; from anyone else they are ignored, since a
 * client can write whatever it likes there. Rate limits, the audit log, log lines and the session
 * cookie's {@code Secure} flag and the OGC API's absolute links all ask this class, so they agree.
 */
public final class ClientAddress {

  private static final String KEY = "yizhan.client";

  /**
   * What one request is taken to come from.
   *
   * @param host the client's address as text, or {@code ?} when unknown
   * @param https whether the client's own connection is HTTPS
   */
  record Seen(String host, boolean https) {}

  private final TrustedProxies trusted;

  ClientAddress(TrustedProxies trusted) {
    this.trusted = trusted;
  }

  /** Puts each request's {@link Seen} on its context; mount before every other handler. */
  void mount(io.vertx.ext.web.Router router) {
    router.route().handler(this::resolve);
  }

  private void resolve(RoutingContext ctx) {
    ctx.put(
        KEY,
        choose(
            ctx.request().remoteAddress(),
            ctx.request().isSSL(),
            ctx.request().headers().getAll("X-Forwarded-For"),
            ctx.request().getHeader("X-Forwarded-Proto")));
    ctx.next();
  }

  /** The client's address as text ({@code ?} if unknown). */
  public static String host(RoutingContext ctx) {
    return seen(ctx).host();
  }

  /** Whether the client reached us (or our trusted proxy) over HTTPS. */
  public static boolean https(RoutingContext ctx) {
    return seen(ctx).https();
  }

  private static Seen seen(RoutingContext ctx) {
    Seen s = ctx.get(KEY);
    if (s != null) {
      return s;
    }
    // Not through the router's first handler (not expected): the TCP peer, headers ignored.
    SocketAddress peer = ctx.request().remoteAddress();
    return new Seen(peer == null ? "?" : peer.host(), ctx.request().isSSL());
  }

  /**
   * Chooses the client: the peer itself unless the peer is a trusted proxy; then the right-most
   * forwarded address that is not a trusted proxy. A malformed entry met on that walk ends it, and
   * the peer is the client (nothing left of it can be trusted).
   */
  Seen choose(SocketAddress peer, boolean tls, List<String> forwardedFor, String forwardedProto) {
    String peerHost = peer == null || peer.host() == null ? "?" : peer.host();
    Optional<InetAddress> peerAddress = TrustedProxies.literal(peerHost);
    if (trusted.isEmpty() || peerAddress.isEmpty() || !trusted.contains(peerAddress.get())) {
      return new Seen(peerHost, tls);
    }
    return new Seen(forwardedClient(peerHost, forwardedFor), tls || https(forwardedProto));
  }

  private String forwardedClient(String peerHost, List<String> forwardedFor) {
    List<String> hops =
        forwardedFor.stream()
            .flatMap(h -> java.util.Arrays.stream(h.split(",")))
            .map(String::strip)
            .toList();
    String client = peerHost;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = TrustedProxies.literal(unbracket(hops.get(i)));
      if (hop.isEmpty()) {
        return peerHost;
      }
      client = hop.get().getHostAddress();
      if (!trusted.contains(hop.get())) {
        return client;
      }
    }
    return client;
  }

  /** {@code [2001:db8::1]} as {@code 2001:db8::1}; anything else as it is. */
  private static String unbracket(String hop) {
    return hop.length() > 2 && hop.startsWith("[") && hop.endsWith("]")
        ? hop.substring(1, hop.length() - 1)
        : hop;
  }

  /** Only the first value of a proxy's list counts (the scheme the client used with it). */
  private static boolean https(String forwardedProto) {
    if (forwardedProto == null) {
      return false;
    }
    String first = forwardedProto.split(",", -1)[0].strip().toLowerCase(Locale.ROOT);
    return first.equals("https");
  }
}
