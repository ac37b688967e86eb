package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import org.yizhan.device.BrokerAccess;

/**
 * EMQX's HTTP authentication and authorization hooks (docs/operations.md "EMQX"): {@code POST
 * /api/v1/broker/emqx/authn} and {@code /authz}, answered from the device registry. Served only
 * when {@code broker.hook.token} is set, and then only to a request carrying it as {@code
 * Authorization: Bearer <token>}. The registry may read the database, so the judging runs on the
 * worker pool.
 */
final class EmqxHookRoutes {

  static final String AUTHN = "/api/v1/broker/emqx/authn";
  static final String AUTHZ = "/api/v1/broker/emqx/authz";

  private final byte[] token;
  private final BrokerAccess access;
  private final WorkerExecutor blocking;

  EmqxHookRoutes(Optional<String> token, BrokerAccess access, WorkerExecutor blocking) {
    this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    this.access = access;
    this.blocking = blocking;
  }

  void mount(Router router) {
    if (token != null) {
      router.post(AUTHN).handler(this::authenticate);
      router.post(AUTHZ).handler(this::authorize);
    }
  }

  private void authenticate(RoutingContext ctx) {
    requireToken(ctx);
    JsonObject body = JsonBodies.object(ctx);
    String username = text(body, "username");
    String password = text(body, "password");
    blocking
        .executeBlocking(() -> access.authenticate(username, password), false)
        .onSuccess(
            a -> answer(ctx, new JsonObject().put("result", a.result()).put("is_superuser", false)))
        .onFailure(ctx::fail);
  }

  private void authorize(RoutingContext ctx) {
    requireToken(ctx);
    JsonObject body = JsonBodies.object(ctx);
    String username = text(body, "username");
    String topic = text(body, "topic");
    BrokerAccess.Action action = action(text(body, "action"));
    blocking
        .executeBlocking(() -> access.authorize(username, action, topic), false)
        .onSuccess(a -> answer(ctx, new JsonObject().put("result", a.result())))
        .onFailure(ctx::fail);
  }

  private void requireToken(RoutingContext ctx) {
    Optional<AdminAuth.Credential> c = AdminAuth.credential(ctx);
    if (c.isEmpty()
        || c.get().fromCookie()
        || !MessageDigest.isEqual(token, c.get().value().getBytes(StandardCharsets.UTF_8))) {
      throw new ProblemException(
          ErrorCode.UNAUTHORIZED,
          "Send Authorization: Bearer <broker.hook.token> (a header of EMQX's HTTP backend)");
    }
  }

  private static String text(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof String s)) {
      throw ProblemException.invalid(
          field, "must be a string (EMQX's request template fills it from ${" + field + "})");
    }
    return s;
  }

  private static BrokerAccess.Action action(String action) {
    return switch (action.toLowerCase(Locale.ROOT)) {
      case "publish" -> BrokerAccess.Action.PUBLISH;
      case "subscribe" -> BrokerAccess.Action.SUBSCRIBE;
      default -> throw ProblemException.invalid("action", "must be publish or subscribe");
    };
  }

  private static void answer(RoutingContext ctx, JsonObject json) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(json.encode());
  }
}
