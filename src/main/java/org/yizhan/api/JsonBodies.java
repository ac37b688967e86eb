package org.yizhan.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.yizhan.error.ProblemException;

/** Request bodies that must be one JSON object, with a problem naming {@code body} otherwise. */
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
}
