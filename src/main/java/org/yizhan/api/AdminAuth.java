package org.yizhan.api;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.yizhan.error.ErrorCode;
import org.yizhan.error.ProblemException;

/**
 * Guards admin writes with one configured bearer token until accounts and roles arrive. Compares
 * digests in constant time so response timing reveals nothing about the token.
 */
final class AdminAuth {

  private final byte[] tokenDigest;

  AdminAuth(String token) {
    if (token == null || token.length() < 16) {
      throw new IllegalArgumentException("admin token must be at least 16 characters");
    }
    this.tokenDigest = sha256(token);
  }

  void require(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ProblemException(
          ErrorCode.UNAUTHORIZED, "Send Authorization: Bearer <admin token>");
    }
    if (!MessageDigest.isEqual(tokenDigest, sha256(h.substring(7).strip()))) {
      throw new ProblemException(ErrorCode.UNAUTHORIZED, "The admin token is not valid");
    }
    ctx.next();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
