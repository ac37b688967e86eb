package org.yizhan.alert.notify;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yizhan.json.Coded;

/** Reads the webhook list from JSON, naming {@code webhooks[i].field} in every complaint. */
final class TargetParser {

  private static final Set<String> FIELDS =
      Set.of("name", "format", "url", "secret", "events", "min_severity");
  private static final String KNOWN = "name, format, url, secret, events, min_severity";

  private TargetParser() {}

  static List<WebhookTarget> parseAll(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    JsonArray array;
    try {
      array = new JsonArray(json);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("webhooks: must be a JSON array of objects");
    }
    List<WebhookTarget> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "webhooks[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject o)) {
        throw new IllegalArgumentException(at + ": must be an object");
      }
      WebhookTarget t = parseOne(at, o);
      Integer first = seen.putIfAbsent(t.name(), i);
      if (first != null) {
        throw new IllegalArgumentException(
            at + ".name: duplicate of webhooks[" + first + "].name (" + t.name() + ")");
      }
      out.add(t);
    }
    return List.copyOf(out);
  }

  private static WebhookTarget parseOne(String at, JsonObject o) {
    for (String key : o.fieldNames()) {
      if (!FIELDS.contains(key)) {
        throw new IllegalArgumentException(
            at + "." + key + ": unknown field (known: " + KNOWN + ")");
      }
    }
    String name = string(at, o, "name", true);
    if (!WebhookTarget.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(at + ".name: must be 1-64 letters, digits, '-' or '_'");
    }
    WebhookFormat format =
        coded(
            at + ".format",
            string(at, o, "format", true),
            WebhookFormat::findByCode,
            WebhookFormat.values());
    URI url = url(at, string(at, o, "url", true));
    String secret = string(at, o, "secret", false);
    if (secret != null && secret.isEmpty()) {
      throw new IllegalArgumentException(at + ".secret: must not be empty (leave it out instead)");
    }
    if (secret != null && format == WebhookFormat.WECOM) {
      throw new IllegalArgumentException(
          at + ".secret: WeCom group robots do not sign; the key in the URL is the credential");
    }
    String severity = string(at, o, "min_severity", false);
    AlertSeverity min =
        severity == null
            ? AlertSeverity.INFO
            : coded(
                at + ".min_severity", severity, AlertSeverity::findByCode, AlertSeverity.values());
    return new WebhookTarget(name, format, url, secret, events(at, o), min);
  }

  private static Set<AlertEvent> events(String at, JsonObject o) {
    if (!o.containsKey("events") || o.getValue("events") == null) {
      return EnumSet.allOf(AlertEvent.class);
    }
    if (!(o.getValue("events") instanceof JsonArray list)) {
      throw new IllegalArgumentException(at + ".events: must be an array of event names");
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException(
          at + ".events: must not be empty (leave it out for all events)");
    }
    Set<AlertEvent> events = EnumSet.noneOf(AlertEvent.class);
    for (int j = 0; j < list.size(); j++) {
      String where = at + ".events[" + j + "]";
      if (!(list.getValue(j) instanceof String s)) {
        throw new IllegalArgumentException(where + ": must be a string");
      }
      events.add(coded(where, s, AlertEvent::findByCode, AlertEvent.values()));
    }
    return events;
  }

  private static URI url(String at, String text) {
    URI u;
    try {
      u = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(at + ".url: not a valid URL");
    }
    if (!WebhookTarget.isHttpUrl(u)) {
      throw new IllegalArgumentException(
          at
              + ".url: must be an absolute http or https URL with a host, without user info or"
              + " fragment");
    }
    return u;
  }

  private static String string(String at, JsonObject o, String field, boolean required) {
    Object v = o.getValue(field);
    if (v == null) {
      if (required) {
        throw new IllegalArgumentException(at + "." + field + ": required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(at + "." + field + ": must be a string");
    }
    if (required && s.isBlank()) {
      throw new IllegalArgumentException(at + "." + field + ": must not be blank");
    }
    return s;
  }

  private static <E extends Enum<E> & Coded> E coded(
      String where, String code, Function<String, Optional<E>> find, E[] values) {
    return find.apply(code)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    where
                        + ": must be one of "
                        + Arrays.stream(values)
                            .map(Coded::code)
                            .collect(Collectors.joining(", "))));
  }
}
