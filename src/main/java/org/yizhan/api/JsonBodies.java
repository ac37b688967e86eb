package org.yizhan.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.yizhan.text.StoredText;

/**
 * JSON object bodies: requests that must carry one (a problem naming {@code body} otherwise), and
 * the 201 answer that returns what was created. No string in a body, key or value, at any depth,
 * may carry NUL, other control characters than line breaks and tabs, or an unpaired surrogate (see
 * {@link StoredText}): whatever a route stores from it, PostgreSQL can store.
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
    for (var e : body) {
      checkText(e.getKey(), e.getKey());
      checkText(e.getKey(), e.getValue());
    }
    return body;
  }

  /** Refuses unstorable text anywhere in {@code value}, naming the top-level {@code field}. */
  private static void checkText(String field, Object value) {
    if (value instanceof String s) {
      String problem = StoredText.problem(s, true);
      if (problem != null) {
        throw ProblemException.invalid(field, problem);
      }
    } else if (value instanceof JsonObject o) {
      for (var e : o) {
        checkText(field, e.getKey());
        checkText(field, e.getValue());
      }
    } else if (value instanceof JsonArray a) {
      for (Object item : a) {
        checkText(field, item);
      }
    }
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
