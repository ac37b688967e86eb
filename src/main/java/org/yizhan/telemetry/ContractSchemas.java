package org.yizhan.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON Schemas of the firmware contract, read from the classpath copy of {@code
 * firmware-contracts/schemas/} (the files firmware engineers read) and compiled once. Their {@code
 * $id}s, e.g. {@code https://yizhan.org/schemas/v1.0/reading.schema.json}, are mapped to those
 * classpath files, so relative {@code $ref}s between them never go to the network. Compiled schemas
 * are immutable and safe to share between threads.
 */
final class ContractSchemas {

  /** Where the build copies the schema files, relative to the classpath root. */
  static final String CLASSPATH_DIR = "firmware-contracts/schemas/";

  /** Prefix of every contract schema's {@code $id}. */
  static final String ID_PREFIX = "https://yizhan.org/schemas/";

  static final String TELEMETRY = "telemetry.schema.json";
  static final String READING = "reading.schema.json";
  static final String STATUS = "status.schema.json";
  static final String CONFIG = "config.schema.json";

  /** Errors named in a detail; the rest are counted. */
  private static final int MAX_ERRORS_SHOWN = 3;

  /** Length bound of a detail shown to admins. */
  static final int MAX_DETAIL_CHARS = 300;

  /** Evaluation path of a "required" inside an anyOf alternative. */
  private static final Pattern ANY_OF_REQUIRED = Pattern.compile(".*\\.anyOf\\[\\d+]\\.required");

  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config;

  ContractSchemas() {
    factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b ->
                b.schemaMappers(
                    m ->
                        m.mappings(
                            iri -> iri.startsWith(ID_PREFIX),
                            iri ->
                                "classpath:"
                                    + CLASSPATH_DIR
                                    + iri.substring(iri.lastIndexOf('/') + 1))));
    config =
        SchemaValidatorsConfig.builder()
            // Draft 2020-12 treats "format" as an annotation unless asked to assert it.
            .formatAssertionsEnabled(true)
            // Details are stored and compared; never let the JVM locale translate them.
            .locale(Locale.ENGLISH)
            .pathType(PathType.JSON_PATH)
            .build();
  }

  /** Loads and compiles one schema file, resolving its {@code $ref}s now rather than later. */
  JsonSchema load(String fileName) {
    JsonSchema schema =
        factory.getSchema(SchemaLocation.of("classpath:" + CLASSPATH_DIR + fileName), config);
    schema.initializeValidators();
    return schema;
  }

  /**
   * A short description of validation errors: the JSON path and message of the first few, bounded
   * to {@link #MAX_DETAIL_CHARS}. The umbrella errors of {@code oneOf}/{@code anyOf} are left out
   * when more specific ones exist, and for a telemetry payload only the errors of the form it chose
   * (a batch if it has {@code readings}, else a single reading) are kept.
   */
  static String describe(Set<ValidationMessage> errors, JsonNode instance) {
    String unchosen = null;
    if (instance.isObject()) {
      unchosen = instance.has("readings") ? "$.oneOf[0]" : "$.oneOf[1]";
    }
    // Messages in order, without repeats; an anyOf of "required" alternatives (as in "at least
    // one measurement") becomes one message listing them.
    Map<String, List<String>> alternatives = new LinkedHashMap<>();
    Set<String> specific = new LinkedHashSet<>();
    Set<String> umbrella = new LinkedHashSet<>();
    for (ValidationMessage e : errors) {
      String path = e.getEvaluationPath().toString();
      if (unchosen != null && path.startsWith(unchosen)) {
        continue;
      }
      Matcher alt = ANY_OF_REQUIRED.matcher(path);
      if ("required".equals(e.getType()) && alt.matches()) {
        String key = e.getInstanceLocation() + ": needs at least one of ";
        List<String> names = alternatives.computeIfAbsent(key, k -> new ArrayList<>());
        if (names.isEmpty()) {
          specific.add(key);
        }
        names.add(e.getProperty());
      } else if ("not".equals(e.getType()) && described(e) != null) {
        // A "not" says only that a forbidden schema matched; its description says what it forbids.
        specific.add(e.getInstanceLocation() + ": " + described(e));
      } else if ("oneOf".equals(e.getType()) || "anyOf".equals(e.getType())) {
        umbrella.add(e.getMessage());
      } else {
        specific.add(e.getMessage());
      }
    }
    List<String> shown = new ArrayList<>(specific.isEmpty() ? umbrella : specific);
    if (shown.isEmpty()) {
      errors.forEach(e -> shown.add(e.getMessage()));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shown.size(); i++) {
      if (i == MAX_ERRORS_SHOWN) {
        sb.append("; and ").append(shown.size() - i).append(" more");
        break;
      }
      String message = shown.get(i);
      List<String> names = alternatives.get(message);
      sb.append(i > 0 ? "; " : "")
          .append(message)
          .append(names == null ? "" : String.join(", ", names));
    }
    return bound(sb.toString());
  }

  /** The description of the schema an error names, if it has one. */
  private static String described(ValidationMessage e) {
    JsonNode schema = e.getSchemaNode();
    JsonNode d = schema == null ? null : schema.get("description");
    return d != null && d.isTextual() ? d.textValue() : null;
  }

  static String bound(String detail) {
    return detail.length() <= MAX_DETAIL_CHARS
        ? detail
        : detail.substring(0, MAX_DETAIL_CHARS - 1) + "…";
  }
}
