package org.yizhan.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Two kept scenarios side by side, from their stored documents: coverage before and after, the
 * siting figures, and which proposed sites are common to both and which each has alone (a site is
 * the same when its position agrees to about 10 cm).
 */
final class ScenarioCompare {

  private ScenarioCompare() {}

  static JsonObject of(JsonObject a, JsonObject b) {
    JsonObject ra = result(a);
    JsonObject rb = result(b);
    Map<String, JsonObject> sitesA = sites(ra);
    Map<String, JsonObject> sitesB = sites(rb);
    JsonArray common = new JsonArray();
    JsonArray onlyA = new JsonArray();
    JsonArray onlyB = new JsonArray();
    sitesA.forEach((k, s) -> (sitesB.containsKey(k) ? common : onlyA).add(s));
    sitesB.forEach(
        (k, s) -> {
          if (!sitesA.containsKey(k)) {
            onlyB.add(s);
          }
        });
    return new JsonObject()
        .put("a", side(a, ra))
        .put("b", side(b, rb))
        .put(
            "difference",
            new JsonObject()
                .put("share_after", share(rb, "after") - share(ra, "after"))
                .put("share_before", share(rb, "before") - share(ra, "before"))
                .put("sites_common", common)
                .put("sites_only_a", onlyA)
                .put("sites_only_b", onlyB));
  }

  private static JsonObject result(JsonObject scenario) {
    JsonObject run = scenario.getJsonObject("run", new JsonObject());
    return run.getJsonObject("result", new JsonObject());
  }

  private static JsonObject side(JsonObject scenario, JsonObject result) {
    JsonObject o =
        new JsonObject()
            .put("name", scenario.getString("name"))
            .put("kind", scenario.getString("kind"))
            .put("share_before", share(result, "before"))
            .put("share_after", share(result, "after"))
            .put("sites", result.getJsonArray("sites", new JsonArray()).size());
    JsonObject siting = result.getJsonObject("siting");
    if (siting != null) {
      o.put("objective", siting.getValue("objective"))
          .put("bound", siting.getValue("bound"))
          .put("gap", siting.getValue("gap"))
          .put("status", siting.getValue("status"));
    }
    return o;
  }

  private static double share(JsonObject result, String which) {
    JsonObject c = result.getJsonObject(which);
    if (c == null) {
      c = result.getJsonObject("before", new JsonObject());
    }
    return c.getDouble("share", 0.0);
  }

  private static Map<String, JsonObject> sites(JsonObject result) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (Object o : result.getJsonArray("sites", new JsonArray())) {
      if (o instanceof JsonObject s) {
        String key =
            String.format(
                Locale.ROOT, "%.6f,%.6f", s.getDouble("lon", 0.0), s.getDouble("lat", 0.0));
        out.putIfAbsent(key, s);
      }
    }
    return out;
  }
}
