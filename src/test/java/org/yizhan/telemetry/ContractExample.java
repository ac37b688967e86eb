package org.yizhan.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One file of {@code firmware-contracts/examples/}, read from the test classpath, with the
 * conventions of {@code examples/README.md}: placeholders such as {@code {{now-10m}}}, {@code
 * repeat_readings}, {@code pad_to_bytes}, {@code payload_text} and {@code payload_base64}.
 *
 * @param verdict {@code valid} or {@code invalid}, the folder it is in
 * @param name file name without {@code .json}
 */
record ContractExample(String verdict, String name, ObjectNode doc) {

  /** The server clock the examples are judged against. */
  static final Instant NOW = Instant.parse("2026-07-15T04:35:00Z");

  static final Set<String> KEYS =
      Set.of(
          "topic",
          "comment",
          "payload",
          "payload_text",
          "payload_base64",
          "expect_reason",
          "expect_detail_contains",
          "repeat_readings",
          "pad_to_bytes");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{now(?:([+-])(\\d+)([smhd]))?}}");

  /** Every example, valid ones first, each folder in file-name order. */
  static List<ContractExample> all() {
    URL root = ContractExample.class.getResource("/firmware-contracts/examples");
    if (root == null) {
      throw new IllegalStateException("firmware-contracts/examples is not on the test classpath");
    }
    List<ContractExample> examples = new ArrayList<>();
    try {
      Path dir = Path.of(root.toURI());
      for (String verdict : List.of("valid", "invalid")) {
        try (Stream<Path> files = Files.list(dir.resolve(verdict))) {
          for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
            String file = f.getFileName().toString();
            JsonNode doc = JSON.readTree(f.toFile());
            if (!doc.isObject()) {
              throw new IllegalStateException(verdict + "/" + file + " is not a JSON object");
            }
            examples.add(
                new ContractExample(
                    verdict, file.substring(0, file.length() - 5), (ObjectNode) doc));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return examples;
  }

  boolean valid() {
    return verdict.equals("valid");
  }

  String id() {
    return verdict + "/" + name;
  }

  String topic() {
    return doc.path("topic").asText(null);
  }

  String expectReason() {
    return doc.path("expect_reason").asText(null);
  }

  String expectDetailContains() {
    JsonNode v = doc.get("expect_detail_contains");
    return v == null ? null : resolve(v.asText());
  }

  /** The payload bytes as a device would publish them. */
  byte[] payloadBytes() throws IOException {
    if (doc.has("payload_text")) {
      return resolve(doc.get("payload_text").asText()).getBytes(StandardCharsets.UTF_8);
    }
    if (doc.has("payload_base64")) {
      return Base64.getDecoder().decode(doc.get("payload_base64").asText());
    }
    JsonNode payload = payload();
    byte[] bytes = JSON.writeValueAsBytes(payload);
    if (doc.has("pad_to_bytes")) {
      int size = doc.get("pad_to_bytes").intValue();
      if (bytes.length > size) {
        throw new IllegalStateException(id() + ": payload already longer than pad_to_bytes");
      }
      byte[] padded = new byte[size];
      System.arraycopy(bytes, 0, padded, 0, bytes.length);
      Arrays.fill(padded, bytes.length, size, (byte) ' ');
      bytes = padded;
    }
    return bytes;
  }

  /** The {@code payload} member with placeholders resolved and {@code repeat_readings} applied. */
  JsonNode payload() {
    JsonNode payload = resolveTree(doc.get("payload").deepCopy());
    if (doc.has("repeat_readings")) {
      ArrayNode readings = (ArrayNode) payload.get("readings");
      ObjectNode template = (ObjectNode) readings.get(0);
      readings.removeAll();
      for (int i = 0; i < doc.get("repeat_readings").intValue(); i++) {
        ObjectNode copy = template.deepCopy();
        copy.put("seq", template.get("seq").longValue() + i);
        readings.add(copy);
      }
    }
    return payload;
  }

  /** Replaces {@code {{now}}}, {@code {{now-10m}}}, {@code {{now+1h}}} ... by instants. */
  static String resolve(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      Instant t = NOW;
      if (m.group(1) != null) {
        long n = Long.parseLong(m.group(2));
        Duration d =
            switch (m.group(3)) {
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
        t = m.group(1).equals("+") ? NOW.plus(d) : NOW.minus(d);
      }
      m.appendReplacement(sb, t.toString());
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static JsonNode resolveTree(JsonNode node) {
    if (node.isTextual()) {
      return new TextNode(resolve(node.textValue()));
    }
    if (node.isArray()) {
      ArrayNode a = (ArrayNode) node;
      for (int i = 0; i < a.size(); i++) {
        a.set(i, resolveTree(a.get(i)));
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        e.setValue(resolveTree(e.getValue()));
      }
    }
    return node;
  }

  @Override
  public String toString() {
    return id();
  }
}
