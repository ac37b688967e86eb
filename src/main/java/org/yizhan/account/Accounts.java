package org.yizhan.account;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.config.SecretFiles;
import org.yizhan.error.DomainException;

/**
 * Admin log-in and sessions. A session is a row in {@code admin_session} and a signed JWT (HS256,
 * key shared by every instance through the database) naming that row ({@code sid}), its account
 * ({@code sub}) and its end ({@code exp}). Each authenticated request checks the row and reads the
 * account in one query, so a log-out, a disabled account or a password change ends sessions at once
 * on every instance, and role and scope are always current. Log-ins are throttled per (user name,
 * client address) and per address, and cost an Argon2id verification even for unknown names.
 */
public final class Accounts {

  private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

  /** How long a session lasts: one working shift. */
  public static final Duration SESSION = Duration.ofHours(10);

  /** The file the first super admin's generated password is written to. */
  public static final String INITIAL_PASSWORD_FILE = "admin-password";

  private static final String KEY_NAME = "session_hs256";

  private final Vertx vertx;
  private final AccountStore store;
  private final SessionStore sessions;
  private final PasswordHasher hasher;
  private final JWTAuth jwt;
  private final LoginThrottle throttle;

  /** A successful log-in: the account, its session id and token. */
  public record Session(Account account, String id, String token, Instant expiresAt) {}

  /** The caller of an authenticated request and the session it came with. */
  public record Authenticated(Principal principal, String sessionId) {}

  /** Why a session token was refused (the request answers 401; the reason is only logged). */
  public static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  public Accounts(Vertx vertx, DataSource ds, PasswordHasher hasher) throws SQLException {
    this(vertx, ds, hasher, new LoginThrottle());
  }

  public Accounts(Vertx vertx, DataSource ds, PasswordHasher hasher, LoginThrottle throttle)
      throws SQLException {
    this.vertx = vertx;
    this.store = new AccountStore(ds);
    this.sessions = new SessionStore(ds);
    this.hasher = hasher;
    this.throttle = throttle;
    this.jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(sessionKey(ds))));
  }

  public AccountStore store() {
    return store;
  }

  public SessionStore sessions() {
    return sessions;
  }

  public PasswordHasher hasher() {
    return hasher;
  }

  /**
   * Creates the first super admin, {@code admin}, if there is no account at all: with the
   * configured password, or a generated one written (owner-only) to {@code dataDir}.
   */
  public void bootstrap(Path dataDir, Optional<String> configured)
      throws SQLException, IOException {
    if (store.count() > 0) {
      return;
    }
    String password = configured.filter(p -> !p.isBlank()).orElse(null);
    boolean generated = password == null;
    if (generated) {
      password = SecretFiles.randomToken(15);
    } else if (PasswordHasher.weakness(password) != null) {
      throw new IllegalArgumentException(
          "the initial admin password " + PasswordHasher.weakness(password));
    }
    Account admin =
        new Account(
            "admin",
            "Administrator",
            Role.SUPER_ADMIN,
            Scope.NONE,
            hasher.hash(password),
            null,
            null,
            null);
    if (!store.create(admin)) {
      return; // another instance won the race
    }
    if (generated) {
      SecretFiles.privateDirectory(dataDir);
      Path file = dataDir.resolve(INITIAL_PASSWORD_FILE);
      SecretFiles.write(file, password + "\n");
      LOG.info(
          "accounts: created super admin 'admin'; its password is in {} (change it after the"
              + " first log-in)",
          file);
    } else {
      LOG.info("accounts: created super admin 'admin' with the configured password");
    }
  }

  /**
   * Checks a user name and password (blocking: the hash is deliberately slow). Throws {@link
   * DomainException.TooManyAttempts} when this name was tried too often from this client's address,
   * or this address tried too often, and {@link DomainException.BadCredentials} for a wrong name or
   * password (the same answer for both, so names cannot be probed).
   */
  public Account verify(String username, String password, String client) throws SQLException {
    long wait = throttle.tryAcquire(username, client, System.currentTimeMillis());
    if (wait > 0) {
      long seconds = Math.max(1, (wait + 999) / 1000);
      throw new DomainException.TooManyAttempts(
          "Too many log-in attempts from your address; try again in " + seconds + " s", seconds);
    }
    Account a = store.find(username).orElse(null);
    boolean ok = hasher.verify(a == null ? null : a.passwordHash(), password);
    if (!ok || a == null || a.disabled()) {
      LOG.info("accounts: failed log-in for '{}' from {}", clip(username), client);
      throw new DomainException.BadCredentials("Wrong user name or password");
    }
    return a;
  }

  /** As {@link #verify}, then starts a session (blocking). */
  public Session login(String username, String password, String client) throws SQLException {
    Account a = verify(username, password, client);
    String id = SessionStore.newId();
    Instant expires = Instant.now().plus(SESSION);
    sessions.create(id, a.username(), expires, client);
    String token =
        jwt.generateToken(
            new JsonObject().put("sub", a.username()).put("sid", id),
            new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) SESSION.toSeconds()));
    return new Session(a, id, token, expires);
  }

  /**
   * The caller of a session token. Fails with {@link Refused} if the token is forged, has no expiry
   * or session id, has expired, or its session was revoked, or its account is gone or disabled;
   * with another exception if the database could not be asked.
   */
  public Future<Authenticated> authenticate(String token) {
    return claims(token)
        .compose(
            claims -> {
              if (!(claims.getValue("exp") instanceof Number)) {
                return Future.failedFuture(new Refused("the token has no expiry"));
              }
              String sid = claims.getValue("sid") instanceof String s ? s : null;
              String sub = claims.getValue("sub") instanceof String s ? s : null;
              if (sid == null || sub == null) {
                return Future.failedFuture(new Refused("the token names no session"));
              }
              return vertx
                  .executeBlocking(() -> sessions.findLiveAccount(sid), false)
                  .compose(found -> live(found, sub, sid));
            });
  }

  private static Future<Authenticated> live(Optional<Account> found, String sub, String sid) {
    return found
        .filter(a -> a.username().equals(sub))
        .map(a -> Future.succeededFuture(new Authenticated(a.principal(), sid)))
        .orElseGet(
            () ->
                Future.failedFuture(
                    new Refused("the session has ended or its account is disabled")));
  }

  /**
   * Ends the session of a token. A token that is not a valid session has nothing to end and
   * succeeds; the future fails only if the database could not be told.
   */
  public Future<Void> logout(String token) {
    return claims(token)
        .transform(
            ar -> {
              String sid =
                  ar.succeeded() && ar.result().getValue("sid") instanceof String s ? s : null;
              if (sid == null) {
                return Future.<Void>succeededFuture();
              }
              return vertx.executeBlocking(() -> sessions.revoke(sid), false).<Void>mapEmpty();
            });
  }

  /** The signed claims of a token; fails with {@link Refused} if it is forged or expired. */
  private Future<JsonObject> claims(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .transform(
            ar -> {
              if (ar.failed()) {
                return Future.failedFuture(new Refused(ar.cause().getMessage()));
              }
              JsonObject access = ar.result().attributes().getJsonObject("accessToken");
              return access == null
                  ? Future.failedFuture(new Refused("the token has no claims"))
                  : Future.succeededFuture(access);
            });
  }

  /** The signing key every instance shares: created once, then read from the database. */
  private static String sessionKey(DataSource ds) throws SQLException {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO server_secret (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, KEY_NAME);
        ps.setBytes(2, fresh);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT value FROM server_secret WHERE name = ?")) {
        ps.setString(1, KEY_NAME);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return Base64.getEncoder().encodeToString(rs.getBytes(1));
        }
      }
    }
  }

  private static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
