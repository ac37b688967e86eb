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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.config.SecretFiles;
import org.yizhan.error.ErrorCode;
import org.yizhan.error.ProblemException;
import org.yizhan.feedback.RateLimiter;

/**
 * Admin log-in and sessions. A session is a signed JWT (HS256, key shared by every instance through
 * the database) naming the account; role and scope are looked up per request from an in-memory copy
 * of the accounts, so disabling an account or changing its scope applies at once, and changing a
 * password ends the sessions issued before. Log-ins are rate-limited per user name and per client
 * address, and cost an Argon2id verification even for unknown names.
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
  private final PasswordHasher hasher;
  private final JWTAuth jwt;
  private final Map<String, Account> cache = new ConcurrentHashMap<>();
  private final RateLimiter perUser;
  private final RateLimiter perClient;

  /** A successful log-in: the account and its session token. */
  public record Session(Account account, String token, Instant expiresAt) {}

  public Accounts(Vertx vertx, DataSource ds, PasswordHasher hasher) throws SQLException {
    this(vertx, ds, hasher, new RateLimiter(10, 15 * 60_000L), new RateLimiter(30, 15 * 60_000L));
  }

  public Accounts(
      Vertx vertx, DataSource ds, PasswordHasher hasher, RateLimiter perUser, RateLimiter perClient)
      throws SQLException {
    this.vertx = vertx;
    this.store = new AccountStore(ds);
    this.hasher = hasher;
    this.perUser = perUser;
    this.perClient = perClient;
    this.jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(sessionKey(ds))));
    reload();
  }

  public AccountStore store() {
    return store;
  }

  public PasswordHasher hasher() {
    return hasher;
  }

  /** Re-reads every account (blocking); called at start, after writes and periodically. */
  public void reload() throws SQLException {
    List<Account> all = store.all();
    cache.keySet().retainAll(all.stream().map(Account::username).toList());
    for (Account a : all) {
      cache.put(a.username(), a);
    }
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
    reload();
  }

  /**
   * Checks a user name and password (blocking: the hash is deliberately slow). Throws 429 when this
   * user or client tried too often, 401 for a wrong name or password (the same answer for both, so
   * names cannot be probed).
   */
  public Session login(String username, String password, String client) throws SQLException {
    long now = System.currentTimeMillis();
    long wait = Math.max(perClient.tryAcquire(client, now), perUser.tryAcquire(username, now));
    if (wait > 0) {
      long seconds = Math.max(1, (wait + 999) / 1000);
      throw new ProblemException(
              ErrorCode.TOO_MANY_REQUESTS,
              "Too many log-in attempts; try again in " + seconds + " s")
          .withRetryAfter(seconds);
    }
    Account a = store.find(username).orElse(null);
    boolean ok = hasher.verify(a == null ? null : a.passwordHash(), password);
    if (!ok || a == null || a.disabled()) {
      LOG.info("accounts: failed log-in for '{}' from {}", clip(username), client);
      throw new ProblemException(ErrorCode.UNAUTHORIZED, "Wrong user name or password");
    }
    cache.put(a.username(), a);
    Instant expires = Instant.now().plus(SESSION);
    String token =
        jwt.generateToken(
            new JsonObject().put("sub", a.username()),
            new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) SESSION.toSeconds()));
    return new Session(a, token, expires);
  }

  /**
   * The principal of a session token, or a failed future if the token is forged, expired, issued
   * before the account's last password change, or its account is gone or disabled.
   */
  public Future<Principal> authenticate(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .compose(
            user -> {
              String name = user.principal().getString("sub");
              long issued = issuedAt(user);
              Account cached = name == null ? null : cache.get(name);
              Future<Account> account =
                  cached != null
                      ? Future.succeededFuture(cached)
                      : vertx.executeBlocking(() -> refresh(name), false);
              return account.compose(a -> check(a, issued));
            });
  }

  /** The token's {@code iat} claim, which Vert.x keeps with the token's attributes. */
  private static long issuedAt(io.vertx.ext.auth.User user) {
    Object iat = user.attributes().getValue("iat");
    if (iat == null) {
      JsonObject access = user.attributes().getJsonObject("accessToken");
      iat = access == null ? null : access.getValue("iat");
    }
    if (iat == null) {
      iat = user.principal().getValue("iat");
    }
    return iat instanceof Number n ? n.longValue() : 0L;
  }

  private Account refresh(String name) throws SQLException {
    Account a = name == null ? null : store.find(name).orElse(null);
    if (a != null) {
      cache.put(name, a);
    }
    return a;
  }

  private static Future<Principal> check(Account a, long issuedSeconds) {
    if (a == null || a.disabled()) {
      return Future.failedFuture("the account is gone or disabled");
    }
    if (a.passwordChangedAt() != null && issuedSeconds < a.passwordChangedAt().getEpochSecond()) {
      return Future.failedFuture("the password changed after this session began");
    }
    return Future.succeededFuture(a.principal());
  }

  /** The current account of that name from memory, if any. */
  public Optional<Account> cached(String username) {
    return Optional.ofNullable(cache.get(username));
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
