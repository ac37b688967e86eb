package org.yizhan.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.yizhan.error.ProblemException;

/**
 * JSON object bodies: requests that must carry one (a problem naming {@code body} otherwise), and
 * the 201 answer that returns what was created.
 */
final class JsonBodies {

  private JsonBodies() {}

  static JsonObject object(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw ProblemException.invalid("body", "is not a JSON object");
    }
    if (body == null) {
      throw ProblemException.invalid("body", "is empty; send a JSON object");
    }
    return body;
  }

  /** Answers 201 with the created thing as JSON, never cached (it may hold a one-time secret). */
  static void created(RoutingContext ctx, JsonObject json) {
    ctx.response()
        .setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(json.encode());
  }
}
