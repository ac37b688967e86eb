package org.yizhan.api;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.yizhan.account.Accounts;
import org.yizhan.account.Principal;
import org.yizhan.account.Role;
import org.yizhan.error.ErrorCode;
import org.yizhan.error.ProblemException;

/**
 * Authenticates admin requests and checks the role an endpoint needs. Two credentials are accepted:
 * a session (the {@code yz_session} cookie the console gets at log-in, or the same token as {@code
 * Authorization: Bearer}), and the server's admin token, a machine credential for the command-line
 * tools that acts as a super admin and is audited as {@code admin-token}. The token is compared by
 * digest in constant time. Scope (which stations) is checked by each route, with {@link Scopes}.
 */
final class AdminAuth {

  /** The session cookie. */
  static final String COOKIE = "yz_session";

  private static final String PRINCIPAL = "yizhan.principal";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdminAuth.class);

  /** What an endpoint requires of the caller's role. */
  enum Access {
    /** Any account, planners included: read-only views. */
    READ,
    /** Super admins and station admins (the route then checks scope). */
    ADMIN,
    /** Super admins only. */
    SUPER
  }

  private final byte[] tokenDigest;
  private final Accounts accounts;

  AdminAuth(String token, Accounts accounts) {
    if (token == null || token.length() < 16) {
      throw new IllegalArgumentException("admin token must be at least 16 characters");
    }
    this.tokenDigest = sha256(token);
    this.accounts = accounts;
  }

  Handler<RoutingContext> require(Access access) {
    return ctx -> authenticate(ctx, access);
  }

  /** The caller, once {@link #require} has let the request through. */
  static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    if (p == null) {
      throw new IllegalStateException("route is not behind AdminAuth.require");
    }
    return p;
  }

  private void authenticate(RoutingContext ctx, Access access) {
    String h = ctx.request().getHeader("Authorization");
    String credential = null;
    boolean fromCookie = false;
    if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      credential = h.substring(7).strip();
    } else if (h == null) {
      Cookie c = ctx.request().getCookie(COOKIE);
      if (c != null && !c.getValue().isBlank()) {
        credential = c.getValue();
        fromCookie = true;
      }
    }
    if (credential == null) {
      throw new ProblemException(
          ErrorCode.UNAUTHORIZED, "Log in first (or send Authorization: Bearer <token>)");
    }
    if (!fromCookie && MessageDigest.isEqual(tokenDigest, sha256(credential))) {
      admit(ctx, Principal.TOKEN, access);
      return;
    }
    if (accounts == null || credential.chars().filter(ch -> ch == '.').count() != 2) {
      throw new ProblemException(ErrorCode.UNAUTHORIZED, "The admin token is not valid");
    }
    if (fromCookie) {
      requireSameOrigin(ctx);
    }
    accounts
        .authenticate(credential)
        .onSuccess(p -> admit(ctx, p, access))
        .onFailure(
            e -> {
              LOG.info("admin: session refused: {}", e.getMessage());
              ctx.fail(
                  new ProblemException(
                      ErrorCode.UNAUTHORIZED,
                      "The session has ended or is not valid; log in again"));
            });
  }

  private static void admit(RoutingContext ctx, Principal p, Access access) {
    boolean allowed =
        switch (access) {
          case READ -> true;
          case ADMIN -> p.role() == Role.SUPER_ADMIN || p.role() == Role.STATION_ADMIN;
          case SUPER -> p.role() == Role.SUPER_ADMIN;
        };
    if (!allowed) {
      ctx.fail(
          new ProblemException(
              ErrorCode.FORBIDDEN, "Your role (" + p.role().code() + ") may not do this"));
      return;
    }
    ctx.put(PRINCIPAL, p);
    ctx.next();
  }

  /**
   * A cookie rides along on any request the browser makes, so a write carried by the cookie must
   * come from a page of this server (besides the cookie being SameSite=Strict).
   */
  private static void requireSameOrigin(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    if (m == HttpMethod.GET || m == HttpMethod.HEAD) {
      return;
    }
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      return; // not a cross-site browser request: browsers send Origin on cross-site writes
    }
    String host = ctx.request().getHeader("Host");
    try {
      URI u = URI.create(origin);
      String originHost = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
      if (host != null && host.equalsIgnoreCase(originHost)) {
        return;
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new ProblemException(ErrorCode.FORBIDDEN, "Cross-site request refused");
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
