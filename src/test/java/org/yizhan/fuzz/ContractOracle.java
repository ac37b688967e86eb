package org.yizhan.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Set;

/**
 * The firmware contract's JSON Schemas, compiled here independently of the server's own loader and
 * always evaluated whole (the decoder validates a lone reading against the reading schema only):
 * the second opinion a differential fuzz target compares the decoder's verdict with.
 */
final class ContractOracle {

  private static final String DIR = "classpath:firmware-contracts/schemas/";
  private static final ObjectMapper JSON = new ObjectMapper();

  static final ContractOracle INSTANCE = new ContractOracle();

  private final JsonSchema telemetry;
  private final JsonSchema status;
  private final JsonSchema config;

  private ContractOracle() {
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b ->
                b.schemaMappers(
                    m ->
                        m.mappings(
                            iri -> iri.startsWith("https://yizhan.org/schemas/"),
                            iri -> DIR + iri.substring(iri.lastIndexOf('/') + 1))));
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    telemetry = factory.getSchema(SchemaLocation.of(DIR + "telemetry.schema.json"), config);
    status = factory.getSchema(SchemaLocation.of(DIR + "status.schema.json"), config);
    this.config = factory.getSchema(SchemaLocation.of(DIR + "config.schema.json"), config);
  }

  /** The payload as JSON, read leniently: only called for payloads the decoder accepted. */
  static JsonNode tree(byte[] payload) {
    try {
      return JSON.readTree(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void requireTelemetry(JsonNode payload) {
    require("telemetry.schema.json", telemetry, payload);
  }

  void requireStatus(JsonNode payload) {
    require("status.schema.json", status, payload);
  }

  void requireConfig(JsonNode payload) {
    require("config.schema.json", config, payload);
  }

  /** That a value read from {@code node} is exactly the JSON number, not rounded or clipped. */
  static void sameInteger(String field, JsonNode node, Number decoded) {
    if (node == null || decoded == null) {
      if ((node == null) != (decoded == null)) {
        throw new AssertionError(field + ": present in JSON " + node + " but decoded " + decoded);
      }
      return;
    }
    if (node.decimalValue().compareTo(new BigDecimal(decoded.longValue())) != 0) {
      throw new AssertionError(field + ": JSON " + node + " was decoded as " + decoded);
    }
  }

  private static void require(String name, JsonSchema schema, JsonNode payload) {
    Set<ValidationMessage> errors = schema.validate(payload);
    if (!errors.isEmpty()) {
      throw new AssertionError(
          "accepted a payload that " + name + " refuses: " + errors + "\npayload: " + payload);
    }
  }
}
