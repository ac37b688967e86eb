package org.yizhan.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} headers are
 * believed (setting {@code http.trusted.proxies}): IPv4 and IPv6 addresses or CIDR blocks. Empty
 * means none, so the headers are ignored and the TCP peer is the client.
 *
 * @param blocks the trusted networks; a single address is a block of its full length
 */
public record TrustedProxies(List<Block> blocks) {

  /** The setting's name, used in every message about a bad value. */
  public static final String KEY = "http.trusted.proxies";

  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private static final Pattern IPV4 =
      Pattern.compile(
          "(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

  public TrustedProxies {
    blocks = List.copyOf(blocks);
  }

  /**
   * Reads the comma-separated setting (a YAML list's brackets are allowed); throws naming the
   * setting and the bad entry when one is neither an address nor a CIDR block.
   */
  public static TrustedProxies parse(String setting) {
    String bare = setting == null ? "" : setting.strip();
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    List<Block> blocks = new ArrayList<>();
    for (String raw : bare.split(",")) {
      String entry = raw.strip();
      if (!entry.isEmpty()) {
        blocks.add(
            Block.parse(entry)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "config "
                                + KEY
                                + ": each entry is an IP address or CIDR block (10.0.0.0/8,"
                                + " fd00::/8), got '"
                                + entry
                                + "'")));
      }
    }
    return new TrustedProxies(blocks);
  }

  /** Whether any proxy is trusted at all. */
  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** Whether {@code address} lies in one of the trusted blocks. */
  public boolean contains(InetAddress address) {
    for (Block b : blocks) {
      if (b.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An IPv4 or IPv6 literal as an address, never asking DNS; empty for anything else (host names,
   * zone ids, ports, garbage). IPv4-mapped IPv6 addresses come back as IPv4.
   */
  public static Optional<InetAddress> literal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    boolean v4 = IPV4.matcher(s).matches();
    boolean v6 = !v4 && s.indexOf(':') >= 0 && IPV6.matcher(s).matches();
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      // A literal of these characters is parsed, never looked up.
      return Optional.of(InetAddress.getByName(s));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /**
   * A network: its first address's bytes and the prefix length in bits.
   *
   * @param network the address bytes with the host bits cleared (4 or 16 bytes)
   * @param prefixBits how many leading bits must match
   */
  public record Block(byte[] network, int prefixBits) {

    public Block {
      network = network.clone();
      if (network.length != 4 && network.length != 16) {
        throw new IllegalArgumentException("an address has 4 or 16 bytes");
      }
      if (prefixBits < 0 || prefixBits > network.length * 8) {
        throw new IllegalArgumentException("prefix out of range: " + prefixBits);
      }
      network = masked(network, prefixBits);
    }

    /** {@code 10.0.0.0/8}, {@code fd00::/8} or a single address; empty when malformed. */
    public static Optional<Block> parse(String text) {
      int slash = text.indexOf('/');
      String addr = slash < 0 ? text : text.substring(0, slash);
      Optional<InetAddress> a = literal(addr);
      if (a.isEmpty()) {
        return Optional.empty();
      }
      byte[] bytes = a.get().getAddress();
      int bits = bytes.length * 8;
      if (slash >= 0) {
        String p = text.substring(slash + 1);
        if (!p.matches("\\d{1,3}")) {
          return Optional.empty();
        }
        bits = Integer.parseInt(p);
        if (bits > bytes.length * 8) {
          return Optional.empty();
        }
      }
      return Optional.of(new Block(bytes, bits));
    }

    @Override
    public byte[] network() {
      return network.clone();
    }

    /** Whether {@code address} is in this network; an IPv4 address is never in an IPv6 one. */
    public boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      return java.util.Arrays.equals(masked(a, prefixBits), network);
    }

    private static byte[] masked(byte[] address, int bits) {
      byte[] out = address.clone();
      for (int i = 0; i < out.length; i++) {
        int keep = Math.max(0, Math.min(8, bits - i * 8));
        out[i] = (byte) (out[i] & (0xff << (8 - keep)));
      }
      return out;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Block b
          && prefixBits == b.prefixBits
          && java.util.Arrays.equals(network, b.network);
    }

    @Override
    public int hashCode() {
      return 31 * java.util.Arrays.hashCode(network) + prefixBits;
    }

    @Override
    public String toString() {
      try {
        return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
