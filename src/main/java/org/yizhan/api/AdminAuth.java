package org.yizhan.api;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.yizhan.account.Accounts;
import org.yizhan.account.Principal;
import org.yizhan.account.Role;

/**
 * Authenticates admin requests and checks the role an endpoint needs. Two credentials are accepted:
 * a session (the {@code yz_session} cookie the console gets at log-in, or the same token as {@code
 * Authorization: Bearer}), checked against its row in the database on every request; and the
 * server's admin token, a machine credential for the command-line tools that acts as a super admin
 * and is audited as {@code admin-token}. The token is compared by digest in constant time. Scope
 * (which stations) is checked by each route, with {@link Scopes}.
 */
final class AdminAuth {

  /** The session cookie. */
  static final String COOKIE = "yz_session";

  private static final String PRINCIPAL = "yizhan.principal";

  private static final String SESSION_ID = "yizhan.session";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdminAuth.class);

  /** What an endpoint requires of the caller's role. */
  enum Access {
    /** Any account, planners included: read-only views. */
    READ,
    /** Super admins and station admins (the route then checks scope). */
    ADMIN,
    /** Super admins only. */
    SUPER,
    /** Planners and super admins: the planning API. */
    PLAN
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

  /** The caller, if an authentication handler has let the request through. */
  static Optional<Principal> findPrincipal(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(PRINCIPAL));
  }

  /** The id of the caller's session; empty for the admin token. */
  static Optional<String> sessionId(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(SESSION_ID));
  }

  /** The credential a request carries: a bearer token, else the session cookie. */
  record Credential(String value, boolean fromCookie) {}

  /** The request's credential, if it carries one. */
  static Optional<Credential> credential(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(new Credential(h.substring(7).strip(), false));
    }
    Cookie c = h == null ? ctx.request().getCookie(COOKIE) : null;
    return c == null || c.getValue().isBlank()
        ? Optional.empty()
        : Optional.of(new Credential(c.getValue(), true));
  }

  private void authenticate(RoutingContext ctx, Access access) {
    Credential given = credential(ctx).orElse(null);
    String credential = given == null ? null : given.value();
    boolean fromCookie = given != null && given.fromCookie();
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
        .onSuccess(
            a -> {
              ctx.put(SESSION_ID, a.sessionId());
              admit(ctx, a.principal(), access);
            })
        .onFailure(
            e -> {
              if (e instanceof Accounts.Refused) {
                LOG.info("admin: session refused: {}", e.getMessage());
                ctx.fail(
                    new ProblemException(
                        ErrorCode.UNAUTHORIZED,
                        "The session has ended or is not valid; log in again"));
              } else {
                LOG.warn("admin: sessions cannot be checked: {}", e.toString());
                ctx.fail(
                    new ProblemException(
                            ErrorCode.UNAVAILABLE,
                            "Sessions cannot be checked right now; try again shortly")
                        .withRetryAfter(5));
              }
            });
  }

  private static void admit(RoutingContext ctx, Principal p, Access access) {
    if (!permits(p, access)) {
      ctx.fail(
          new ProblemException(
              ErrorCode.FORBIDDEN, "Your role (" + p.role().code() + ") may not do this"));
      return;
    }
    ctx.put(PRINCIPAL, p);
    ctx.next();
  }

  /** Whether a principal's role may do what an endpoint requires. */
  static boolean permits(Principal p, Access access) {
    return switch (access) {
      case READ -> true;
      case ADMIN -> p.role() == Role.SUPER_ADMIN || p.role() == Role.STATION_ADMIN;
      case SUPER -> p.role() == Role.SUPER_ADMIN;
      case PLAN -> p.role() == Role.SUPER_ADMIN || p.role() == Role.PLANNER;
    };
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
