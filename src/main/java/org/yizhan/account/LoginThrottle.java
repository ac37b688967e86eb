package org.yizhan.account;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.yizhan.feedback.RateLimiter;

/**
 * Limits log-in attempts per (user name, client address) and, more loosely, per client address. A
 * limit per user name alone would let anyone lock the real admin out by guessing at its name; keyed
 * by address too, an attacker's failures use up only the attacker's own budget, and the admin
 * logging in from another address is never refused. IPv6 clients are keyed by their /64 network,
 * since one host commonly holds a whole /64 and could otherwise take a fresh address per guess.
 *
 * <p>The counts are kept per server instance: with several instances behind one address the budget
 * is that many times larger. Guessing stays slow regardless, as every attempt costs an Argon2id
 * verification and passwords have at least 10 characters.
 */
public final class LoginThrottle {

  /** Attempts for one user name from one address, per window. */
  public static final int PER_ACCOUNT_AND_ADDRESS = 10;

  /** Attempts from one address whatever the user names, per window. */
  public static final int PER_ADDRESS = 30;

  public static final long WINDOW_MS = 15 * 60_000L;

  private final RateLimiter perAccountAndAddress;
  private final RateLimiter perAddress;

  public LoginThrottle() {
    this(PER_ACCOUNT_AND_ADDRESS, PER_ADDRESS, WINDOW_MS);
  }

  public LoginThrottle(int perAccountAndAddress, int perAddress, long windowMs) {
    this.perAccountAndAddress = new RateLimiter(perAccountAndAddress, windowMs);
    this.perAddress = new RateLimiter(perAddress, windowMs);
  }

  /**
   * Counts an attempt by {@code username} from {@code address} if both budgets allow it; returns 0
   * then, else how many milliseconds until the next attempt is allowed (nothing is counted).
   */
  public long tryAcquire(String username, String address, long nowMs) {
    String from = addressKey(address);
    long wait = perAddress.tryAcquire(from, nowMs);
    if (wait > 0) {
      return wait;
    }
    return perAccountAndAddress.tryAcquire(username + "\n" + from, nowMs);
  }

  /** The key a client address is counted under: IPv4 as is, IPv6 by its /64 network. */
  static String addressKey(String address) {
    if (address == null || address.indexOf(':') < 0) {
      return address == null ? "?" : address;
    }
    try {
      // A literal with ':' is IPv6 (or IPv4-mapped); getByName parses it without a lookup.
      InetAddress a = InetAddress.getByName(address);
      if (a instanceof Inet6Address) {
        byte[] net = Arrays.copyOf(a.getAddress(), 16);
        Arrays.fill(net, 8, 16, (byte) 0);
        return InetAddress.getByAddress(net).getHostAddress() + "/64";
      }
      return a.getHostAddress();
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
