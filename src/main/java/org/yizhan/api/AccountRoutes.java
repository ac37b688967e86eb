package org.yizhan.api;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yizhan.account.Account;
import org.yizhan.account.Accounts;
import org.yizhan.account.AuditLog;
import org.yizhan.account.PasswordHasher;
import org.yizhan.account.Role;
import org.yizhan.account.Scope;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;
import org.yizhan.station.Localities;
import org.yizhan.station.StationRegistry;

/**
 * Log-in, log-out and the caller's own account; accounts and the audit log for super admins.
 * Password checks run on the worker pool: Argon2id is slow on purpose.
 *
 * <p>Over 400 lines: the log-in, session and account routes share one guard, one audit and one
 * cookie rule; split apart, each part would repeat them.
 */
final class AccountRoutes {

  private static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,63}$");

  private final Accounts accounts;
  private final AuditLog auditLog;
  private final WorkerExecutor db;
  private final AdminAuth admin;
  private final Audit audit;
  private final StationRegistry stations;

  AccountRoutes(
      Accounts accounts,
      AuditLog auditLog,
      WorkerExecutor db,
      AdminAuth admin,
      Audit audit,
      StationRegistry stations) {
    this.stations = stations;
    this.accounts = accounts;
    this.auditLog = auditLog;
    this.db = db;
    this.admin = admin;
    this.audit = audit;
  }

  void mount(Router router) {
    var anyone = admin.require(AdminAuth.Access.READ);
    var superOnly = admin.require(AdminAuth.Access.SUPER);
    router.post("/api/v1/auth/login").handler(this::login);
    router.post("/api/v1/auth/logout").handler(this::logout);
    router.get("/api/v1/auth/me").handler(anyone).handler(this::me);
    router.put("/api/v1/auth/password").handler(anyone).handler(this::changeOwnPassword);
    router.get("/api/v1/accounts").handler(superOnly).handler(this::list);
    router.get("/api/v1/accounts/scope-places").handler(superOnly).handler(this::scopePlaces);
    router.post("/api/v1/accounts").handler(superOnly).handler(this::create);
    router.put("/api/v1/accounts/:username").handler(superOnly).handler(this::update);
    router.put("/api/v1/accounts/:username/password").handler(superOnly).handler(this::reset);
    router.get("/api/v1/audit").handler(superOnly).handler(this::auditList);
  }

  private void login(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    JsonObject body = JsonBodies.object(ctx);
    List<Violation> problems = new ArrayList<>();
    onlyFields(body, Set.of("username", "password"), problems);
    String username = body.getValue("username") instanceof String u ? u.strip() : null;
    String password = body.getValue("password") instanceof String p ? p : null;
    if (username == null || username.isEmpty() || username.length() > 64) {
      problems.add(Violation.of("username", "is required"));
    }
    if (password == null || password.isEmpty() || password.length() > 200) {
      problems.add(Violation.of("password", "is required"));
    }
    if (!problems.isEmpty()) {
      throw ProblemException.invalid(problems);
    }
    String client = ClientAddress.host(ctx);
    String name = username.toLowerCase(java.util.Locale.ROOT);
    Blocking.run(db, ctx, () -> accounts.login(name, password, client))
        .onSuccess(
            s -> {
              Cookie c =
                  Cookie.cookie(AdminAuth.COOKIE, s.token())
                      .setPath("/")
                      .setHttpOnly(true)
                      .setSecure(ClientAddress.https(ctx))
                      .setSameSite(CookieSameSite.STRICT)
                      .setMaxAge(Accounts.SESSION.toSeconds());
              ctx.response().addCookie(c).putHeader("Cache-Control", "no-store");
              ctx.json(
                  s.account()
                      .principal()
                      .toJson()
                      .put("token", s.token())
                      .put("expires_at", s.expiresAt().toString()));
            });
  }

  /**
   * Ends the caller's session (bearer token or cookie) in the database, then clears the cookie. A
   * request without a live session has nothing to end and gets the same 204.
   */
  private void logout(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    Future<Void> ended =
        AdminAuth.credential(ctx)
            .map(c -> accounts.logout(c.value()))
            .orElseGet(Future::succeededFuture);
    ended
        .onFailure(
            e ->
                ctx.fail(
                    new ProblemException(
                            ErrorCode.UNAVAILABLE,
                            "The session could not be ended right now; try again shortly")
                        .withRetryAfter(5)))
        .onSuccess(
            v ->
                ctx.response()
                    .addCookie(
                        Cookie.cookie(AdminAuth.COOKIE, "")
                            .setPath("/")
                            .setHttpOnly(true)
                            .setSecure(ClientAddress.https(ctx))
                            .setSameSite(CookieSameSite.STRICT)
                            .setMaxAge(0))
                    .putHeader("Cache-Control", "no-store")
                    .setStatusCode(204)
                    .end());
  }

  private void me(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(AdminAuth.principal(ctx).toJson());
  }

  private void changeOwnPassword(RoutingContext ctx) {
    var p = AdminAuth.principal(ctx);
    if (p.isToken()) {
      throw new ProblemException(
          ErrorCode.FORBIDDEN, "The admin token has no password; log in as an account");
    }
    JsonObject body = JsonBodies.object(ctx);
    List<Violation> problems = new ArrayList<>();
    onlyFields(body, Set.of("current_password", "new_password"), problems);
    String current = body.getValue("current_password") instanceof String s ? s : null;
    String next = body.getValue("new_password") instanceof String s ? s : null;
    if (current == null) {
      problems.add(Violation.of("current_password", "is required"));
    }
    String weak = PasswordHasher.weakness(next);
    if (weak != null) {
      problems.add(Violation.of("new_password", weak));
    }
    if (!problems.isEmpty()) {
      throw ProblemException.invalid(problems);
    }
    String client = ClientAddress.host(ctx);
    Audit.Recorder who = audit.by(ctx);
    String session = AdminAuth.sessionId(ctx).orElse(null);
    Blocking.run(
            db,
            ctx,
            () -> {
              try {
                accounts.verify(p.name(), current, client);
              } catch (DomainException.BadCredentials e) {
                throw ProblemException.invalid("current_password", "is wrong");
              }
              accounts.store().setPassword(p.name(), accounts.hasher().hash(next), session);
              who.record("account.password", "account", p.name(), null, null, null);
              return new JsonObject()
                  .put("username", p.name())
                  .put("note", "Password changed; your other sessions have ended.");
            })
        .onSuccess(ctx::json);
  }

  private Localities places() {
    return Localities.of(stations.snapshot().list());
  }

  /** The cities and districts a scope may name: those the stations name, as they spell them. */
  private void scopePlaces(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    // one pass over every station: on the worker pool, not the event loop
    Blocking.run(
            db,
            ctx,
            () -> {
              JsonArray cities = new JsonArray();
              places()
                  .districtsByCity()
                  .forEach(
                      (city, districts) ->
                          cities.add(
                              new JsonObject()
                                  .put("city", city)
                                  .put("districts", new JsonArray(new ArrayList<>(districts)))));
              return new JsonObject().put("cities", cities);
            })
        .onSuccess(
            json -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              ctx.json(json);
            });
  }

  /** Every account, each with warnings for scope entries that name a place no station is in. */
  private void list(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    Blocking.run(
            db,
            ctx,
            () -> {
              Localities places = places();
              JsonArray out = new JsonArray();
              for (Account a : accounts.store().all()) {
                out.add(a.toJson().put("scope_warnings", ScopeNames.warnings(a.scope(), places)));
              }
              return new JsonObject().put("accounts", out);
            })
        .onSuccess(ctx::json);
  }

  private void create(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    JsonObject body = JsonBodies.object(ctx);
    List<Violation> problems = new ArrayList<>();
    onlyFields(body, Set.of("username", "display_name", "role", "scope", "password"), problems);
    String username = body.getValue("username") instanceof String s ? s : null;
    if (username == null || !USERNAME.matcher(username).matches()) {
      problems.add(
          Violation.of("username", "must be 2-64 of a-z, 0-9, '.', '_' and '-', starting a-z0-9"));
    }
    Account draft = readAccount(username, body, null, problems);
    String weak = PasswordHasher.weakness(body.getValue("password") instanceof String s ? s : null);
    if (weak != null) {
      problems.add(Violation.of("password", weak));
    }
    if (!problems.isEmpty()) {
      throw ProblemException.invalid(problems);
    }
    String password = body.getString("password");
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              checkScopeNames(body, problems);
              if (!problems.isEmpty()) {
                throw ProblemException.invalid(problems);
              }
              Account a =
                  new Account(
                      draft.username(),
                      draft.displayName(),
                      draft.role(),
                      draft.scope(),
                      accounts.hasher().hash(password),
                      null,
                      null,
                      null);
              if (!accounts.store().create(a)) {
                throw new ProblemException(
                    ErrorCode.CONFLICT, "An account named '" + username + "' exists");
              }
              JsonObject after = accounts.store().find(username).orElseThrow().toJson();
              who.record("account.create", "account", username, null, null, after);
              return after;
            })
        .onSuccess(json -> JsonBodies.created(ctx, json));
  }

  private void update(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String username = ctx.pathParam("username");
    JsonObject body = JsonBodies.object(ctx);
    List<Violation> problems = new ArrayList<>();
    onlyFields(body, Set.of("display_name", "role", "scope", "disabled"), problems);
    Object disabled = body.getValue("disabled");
    if (disabled != null && !(disabled instanceof Boolean)) {
      problems.add(Violation.of("disabled", "must be true or false"));
    }
    String self = AdminAuth.principal(ctx).name();
    if (username.equals(self) && Boolean.TRUE.equals(disabled)) {
      problems.add(Violation.of("disabled", "you cannot disable your own account"));
    }
    if (username.equals(self) && changesRoleAway(body)) {
      problems.add(Violation.of("role", "you cannot demote your own account"));
    }
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              Account old =
                  accounts
                      .store()
                      .find(username)
                      .orElseThrow(() -> ProblemException.notFound("account", username));
              Account next = readAccount(username, body, old, problems);
              checkScopeNames(body, problems);
              if (!problems.isEmpty()) {
                throw ProblemException.invalid(problems);
              }
              Instant off =
                  disabled == null
                      ? old.disabledAt()
                      : (Boolean) disabled
                          ? (old.disabledAt() != null ? old.disabledAt() : Instant.now())
                          : null;
              Account stored =
                  new Account(
                      username,
                      next.displayName(),
                      next.role(),
                      next.scope(),
                      old.passwordHash(),
                      old.createdAt(),
                      old.passwordChangedAt(),
                      off);
              accounts.store().update(stored);
              JsonObject after = accounts.store().find(username).orElseThrow().toJson();
              who.record("account.update", "account", username, null, old.toJson(), after);
              return after;
            })
        .onSuccess(ctx::json);
  }

  private void reset(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String username = ctx.pathParam("username");
    JsonObject body = JsonBodies.object(ctx);
    List<Violation> problems = new ArrayList<>();
    onlyFields(body, Set.of("password"), problems);
    String weak = PasswordHasher.weakness(body.getValue("password") instanceof String s ? s : null);
    if (weak != null) {
      problems.add(Violation.of("password", weak));
    }
    if (!problems.isEmpty()) {
      throw ProblemException.invalid(problems);
    }
    String password = body.getString("password");
    Audit.Recorder who = audit.by(ctx);
    // A reset ends every session of the account; the caller's own, if it is theirs, stays.
    String keep =
        username.equals(AdminAuth.principal(ctx).name())
            ? AdminAuth.sessionId(ctx).orElse(null)
            : null;
    Blocking.run(
            db,
            ctx,
            () -> {
              if (accounts.store().find(username).isEmpty()) {
                throw ProblemException.notFound("account", username);
              }
              accounts.store().setPassword(username, accounts.hasher().hash(password), keep);
              who.record("account.password_reset", "account", username, null, null, null);
              return new JsonObject().put("username", username).put("password_reset", true);
            })
        .onSuccess(ctx::json);
  }

  private void auditList(RoutingContext ctx) {
    Params p =
        Params.of(
            ctx.queryParams(), Set.of("actor", "target_type", "target_id", "limit", "offset"));
    int limit = p.optionalInt("limit", 100, 1, 1000);
    int offset = p.optionalInt("offset", 0, 0, Integer.MAX_VALUE);
    String actor = p.single("actor");
    String type = p.single("target_type");
    String id = p.single("target_id");
    Blocking.run(db, ctx, () -> auditLog.list(actor, type, id, limit, offset)).onSuccess(ctx::json);
  }

  /**
   * Refuses scope cities and districts that no station is in (when the scope is otherwise well
   * formed): each entry by name, with the likely meant spelling. A pass over every station: call it
   * on the worker pool.
   */
  private void checkScopeNames(JsonObject body, List<Violation> problems) {
    if (!body.containsKey("scope") || !problems.isEmpty()) {
      return;
    }
    List<Violation> shape = new ArrayList<>();
    Scope.fromJson(body.getValue("scope"), "scope", shape);
    if (shape.isEmpty()) {
      problems.addAll(ScopeNames.check(body.getValue("scope"), places()));
    }
  }

  private static boolean changesRoleAway(JsonObject body) {
    return body.containsKey("role") && !Role.SUPER_ADMIN.code().equals(body.getValue("role"));
  }

  /** Reads display name, role and scope over {@code base} (null for a new account). */
  private static Account readAccount(
      String username, JsonObject body, Account base, List<Violation> problems) {
    String display = base == null ? username : base.displayName();
    if (body.containsKey("display_name") || base == null) {
      Object v = body.getValue("display_name");
      if (v == null && base == null) {
        display = username;
      } else if (!(v instanceof String s) || s.isBlank() || s.length() > 100) {
        problems.add(Violation.of("display_name", "must be 1-100 characters"));
      } else {
        display = s.strip();
      }
    }
    Role role = base == null ? null : base.role();
    if (body.containsKey("role") || base == null) {
      role = body.getValue("role") instanceof String s ? Role.findByCode(s).orElse(null) : null;
      if (role == null) {
        problems.add(Violation.of("role", "must be super_admin, station_admin or planner"));
      }
    }
    Scope scope = base == null ? Scope.NONE : base.scope();
    if (body.containsKey("scope")) {
      scope = Scope.fromJson(body.getValue("scope"), "scope", problems);
    }
    if (role == Role.STATION_ADMIN && scope.isEmpty()) {
      problems.add(
          Violation.of("scope", "a station admin needs stations, districts or cities to run"));
    }
    return new Account(
        username, display, role == null ? Role.PLANNER : role, scope, null, null, null, null);
  }

  private static void onlyFields(JsonObject body, Set<String> allowed, List<Violation> problems) {
    for (String name : body.fieldNames()) {
      if (!allowed.contains(name)) {
        problems.add(Violation.of(name, "unknown field"));
      }
    }
  }
}
