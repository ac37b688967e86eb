package org.yizhan.telemetry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Turns device messages into values, enforcing firmware contract v1 ({@code firmware-contracts/}):
 * size limit, strict UTF-8 JSON, the contract's JSON Schemas (the very files the build copies from
 * {@code firmware-contracts/schemas/}), then the clock rules. Each payload is parsed once; the
 * schema validates that tree and the values are read from it.
 *
 * <p>Thread-safe: build one per server and share it. It holds the three payload kinds of one
 * contract, which share the parser, the schema handling and the clock rules; that is why it stays
 * one class of over 300 lines.
 */
public final class TelemetryDecoder {

  /** Largest accepted payload of any message, in bytes (16 KiB). */
  public static final int MAX_PAYLOAD_BYTES = 16_384;

  /** Most readings in one batch message ({@code maxItems} in telemetry.schema.json). */
  public static final int MAX_BATCH = 200;

  /** How far a reading's {@code ts} may be ahead of the server clock. */
  public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

  /** How old a reading's {@code ts} may be: older readings are refused, not backfilled. */
  public static final Duration BACKFILL_WINDOW = Duration.ofDays(7);

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Clock clock;
  private final JsonSchema telemetrySchema;
  private final JsonSchema readingSchema;
  private final JsonSchema statusSchema;
  private final JsonSchema configSchema;

  /** Loads and compiles the contract's schemas from the classpath. */
  public TelemetryDecoder(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    ContractSchemas schemas = new ContractSchemas();
    telemetrySchema = schemas.load(ContractSchemas.TELEMETRY);
    readingSchema = schemas.load(ContractSchemas.READING);
    statusSchema = schemas.load(ContractSchemas.STATUS);
    configSchema = schemas.load(ContractSchemas.CONFIG);
  }

  /**
   * Decodes a telemetry payload: one reading or a batch. A batch is all or nothing: the first bad
   * reading refuses the whole message.
   *
   * @param stationId the station id from the topic
   * @param deviceId the device id from the topic
   * @return the readings in message order, never empty
   * @throws RejectedMessageException for {@link RejectReason#PAYLOAD_TOO_LARGE}, {@link
   *     RejectReason#MALFORMED_JSON}, {@link RejectReason#SCHEMA_VIOLATION}, {@link
   *     RejectReason#FUTURE_TIMESTAMP} or {@link RejectReason#TOO_OLD}
   */
  public List<Reading> decodeTelemetry(
      String stationId, String deviceId, byte[] payload, Instant receivedAt)
      throws RejectedMessageException {
    Objects.requireNonNull(receivedAt, "receivedAt");
    JsonNode root = parse(payload);
    // telemetry.schema.json is oneOf [a reading, a batch], and only a batch has "readings"; so an
    // object without it is valid telemetry exactly when it is a valid reading. Checking that
    // branch alone spares the validator the doomed batch branch, which cost more than the rest.
    validate(root.isObject() && !root.has("readings") ? readingSchema : telemetrySchema, root);
    Instant now = clock.instant();
    JsonNode batch = root.get("readings");
    if (batch == null) {
      return List.of(toReading(stationId, deviceId, root, "$", now, receivedAt, false));
    }
    List<Reading> readings = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      String path = "$.readings[" + i + "]";
      readings.add(toReading(stationId, deviceId, batch.get(i), path, now, receivedAt, true));
    }
    return Collections.unmodifiableList(readings);
  }

  /**
   * Decodes a status payload: birth, graceful offline or last will. Its {@code ts} is informative
   * and not held to the clock rules.
   */
  public DeviceStatus decodeStatus(byte[] payload, Instant receivedAt)
      throws RejectedMessageException {
    Objects.requireNonNull(receivedAt, "receivedAt");
    JsonNode root = parse(payload);
    validate(statusSchema, root);
    JsonNode reason = root.get("reason");
    return new DeviceStatus(
        DeviceStatus.State.valueOf(upper(root.get("state").textValue())),
        root.has("ts") ? instant(root.get("ts"), "$.ts") : null,
        text(root, "fw"),
        root.has("interval_s") ? root.get("interval_s").intValue() : null,
        root.has("config_version") ? root.get("config_version").longValue() : null,
        reason == null ? null : DeviceStatus.OfflineReason.valueOf(upper(reason.textValue())),
        receivedAt);
  }

  /**
   * Decodes a config payload as a device would read it (the server only sends them; this serves
   * tools and tests).
   */
  public DeviceConfig decodeConfig(byte[] payload) throws RejectedMessageException {
    JsonNode root = parse(payload);
    validate(configSchema, root);
    try {
      return new DeviceConfig(
          root.get("version").intValue(),
          root.get("interval_s").intValue(),
          number(root, "temperature_high_c"),
          number(root, "temperature_low_c"),
          DeviceConfig.OccupancyReport.ofCode(root.get("occupancy_report").textValue()));
    } catch (IllegalArgumentException e) {
      throw new RejectedMessageException(
          RejectReason.SCHEMA_VIOLATION, ContractSchemas.bound(e.getMessage()));
    }
  }

  /**
   * The payload to publish, retained, on a device's config topic: compact UTF-8 JSON valid against
   * config.schema.json.
   *
   * @throws IllegalArgumentException if a value is outside the schema's ranges
   */
  /**
   * Checks a proposed configuration (a JSON object as an admin sends it, with the version the
   * server will give it) against the contract's config schema: one violation per offending field,
   * empty when it conforms.
   */
  public List<org.yizhan.error.Violation> configViolations(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return List.of(org.yizhan.error.Violation.of("body", "is not JSON"));
    }
    if (node == null || node.isMissingNode()) {
      return List.of(org.yizhan.error.Violation.of("body", "is not JSON"));
    }
    String infinite = hasInfiniteNumber(node) ? firstInfiniteNumber(node, "$") : null;
    if (infinite != null) {
      String field = infinite.startsWith("$.") ? infinite.substring(2).split("[.\\[]")[0] : "body";
      return List.of(
          org.yizhan.error.Violation.of(field, "is a number beyond the range of a 64-bit float"));
    }
    Set<ValidationMessage> messages;
    try {
      messages = configSchema.validate(node);
    } catch (RuntimeException e) {
      return List.of(
          org.yizhan.error.Violation.of("body", "holds a value the schema cannot judge"));
    }
    List<org.yizhan.error.Violation> out = new ArrayList<>();
    for (ValidationMessage m : messages) {
      String field =
          m.getProperty() != null
              ? m.getProperty()
              : m.getInstanceLocation().getNameCount() > 0
                  ? String.valueOf(m.getInstanceLocation().getName(0))
                  : "body";
      String message = m.getMessage();
      String prefix = m.getInstanceLocation() + ": ";
      out.add(
          org.yizhan.error.Violation.of(
              field, message.startsWith(prefix) ? message.substring(prefix.length()) : message));
    }
    return out;
  }

  public byte[] encodeConfig(DeviceConfig config) {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", config.version());
    node.put("interval_s", config.intervalS());
    if (config.temperatureHighC() != null) {
      node.put("temperature_high_c", config.temperatureHighC());
    }
    if (config.temperatureLowC() != null) {
      node.put("temperature_low_c", config.temperatureLowC());
    }
    node.put("occupancy_report", config.occupancyReport().code());
    Set<ValidationMessage> errors = configSchema.validate(node);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "config outside the contract: " + ContractSchemas.describe(errors, node));
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Reading toReading(
      String stationId,
      String deviceId,
      JsonNode r,
      String path,
      Instant now,
      Instant receivedAt,
      boolean batched)
      throws RejectedMessageException {
    JsonNode tsNode = r.get("ts");
    Instant ts = instant(tsNode, path + ".ts");
    if (ts.isAfter(now.plus(MAX_FUTURE_SKEW))) {
      throw new RejectedMessageException(
          RejectReason.FUTURE_TIMESTAMP,
          path
              + ".ts "
              + tsNode.textValue()
              + " is more than "
              + MAX_FUTURE_SKEW.toMinutes()
              + " minutes ahead of the server clock "
              + now);
    }
    if (ts.isBefore(now.minus(BACKFILL_WINDOW))) {
      throw new RejectedMessageException(
          RejectReason.TOO_OLD,
          path
              + ".ts "
              + tsNode.textValue()
              + " is older than the "
              + BACKFILL_WINDOW.toDays()
              + "-day backfill window (server clock "
              + now
              + ")");
    }
    JsonNode occupancy = r.get("occupancy");
    JsonNode entries = r.get("entries");
    JsonNode exits = r.get("exits");
    JsonNode battery = r.get("battery_pct");
    JsonNode rssi = r.get("rssi_dbm");
    return new Reading(
        stationId,
        deviceId,
        r.get("seq").longValue(),
        ts.truncatedTo(ChronoUnit.MICROS),
        occupancy == null ? null : occupancy.intValue(),
        entries == null ? null : entries.longValue(),
        exits == null ? null : exits.longValue(),
        number(r, "temperature_c"),
        number(r, "humidity_pct"),
        battery == null ? null : battery.intValue(),
        rssi == null ? null : rssi.intValue(),
        text(r, "fw"),
        receivedAt,
        batched,
        0);
  }

  /** Size check, then strict parsing of UTF-8 JSON (no BOM, no UTF-16/32, no duplicate keys). */
  private static JsonNode parse(byte[] payload) throws RejectedMessageException {
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new RejectedMessageException(
          RejectReason.PAYLOAD_TOO_LARGE,
          "payload of "
              + payload.length
              + " bytes is over the "
              + MAX_PAYLOAD_BYTES
              + "-byte limit");
    }
    if (payload.length == 0) {
      throw malformed("empty payload");
    }
    // Jackson would guess UTF-16/32 from a BOM or zero bytes; the contract is UTF-8 only. JSON
    // text starts with an ASCII character, and a zero byte is never valid in UTF-8 JSON.
    for (int i = 0; i < Math.min(4, payload.length); i++) {
      if (payload[i] == 0 || (i == 0 && payload[0] < 0)) {
        throw malformed("not UTF-8 JSON text (byte order mark, UTF-16/32 or binary)");
      }
    }
    try {
      JsonNode root = JSON.readTree(payload);
      if (root == null || root.isMissingNode()) {
        throw malformed("no JSON value");
      }
      return root;
    } catch (JacksonException e) {
      String where =
          e.getLocation() == null ? "" : " (at byte " + e.getLocation().getByteOffset() + ")";
      String message = firstLine(e.getOriginalMessage());
      if (message.startsWith("Trailing token")) {
        message = "Trailing token after the JSON value: one value per message";
      }
      throw malformed(message + where);
    } catch (IOException e) {
      throw malformed(firstLine(e.getMessage()));
    }
  }

  private static void validate(JsonSchema schema, JsonNode root) throws RejectedMessageException {
    String infinite = hasInfiniteNumber(root) ? firstInfiniteNumber(root, "$") : null;
    if (infinite != null) {
      throw new RejectedMessageException(
          RejectReason.SCHEMA_VIOLATION,
          ContractSchemas.bound(infinite + ": a number beyond the range of a 64-bit float"));
    }
    Set<ValidationMessage> errors;
    try {
      errors = schema.validate(root);
    } catch (RuntimeException e) {
      // The validator's own failure on some odd value (found by fuzzing): still this message's
      // fault, and a refusal, never an error that escapes to the transport.
      throw new RejectedMessageException(
          RejectReason.SCHEMA_VIOLATION,
          ContractSchemas.bound("a value the contract's schema cannot judge: " + e));
    }
    if (!errors.isEmpty()) {
      throw new RejectedMessageException(
          RejectReason.SCHEMA_VIOLATION, ContractSchemas.describe(errors, root));
    }
  }

  /** Whether some number overflowed to infinity when parsed; allocates nothing. */
  private static boolean hasInfiniteNumber(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      return !Double.isFinite(node.doubleValue());
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (hasInfiniteNumber(child)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The path of the first number that overflowed to infinity when parsed (such as {@code 1e400}),
   * or null. The schema validator cannot compare those with its bounds and enums.
   */
  private static String firstInfiniteNumber(JsonNode node, String path) {
    if (node.isFloatingPointNumber()) {
      return Double.isFinite(node.doubleValue()) ? null : path;
    }
    if (node.isObject()) {
      for (var it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        String found = firstInfiniteNumber(e.getValue(), path + "." + e.getKey());
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = firstInfiniteNumber(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** A schema-checked timestamp (RFC 3339, UTC, "Z") as an instant. */
  private static Instant instant(JsonNode ts, String path) throws RejectedMessageException {
    try {
      return UtcTimestamps.parse(ts.textValue());
    } catch (DateTimeException e) {
      throw new RejectedMessageException(
          RejectReason.SCHEMA_VIOLATION, path + ": not a representable instant");
    }
  }

  private static Double number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null ? null : v.doubleValue();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null ? null : v.textValue();
  }

  private static String upper(String code) {
    return code.toUpperCase(Locale.ROOT);
  }

  private static RejectedMessageException malformed(String detail) {
    return new RejectedMessageException(RejectReason.MALFORMED_JSON, ContractSchemas.bound(detail));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable JSON";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).replaceAll("\\p{Cntrl}", "?");
  }
}
