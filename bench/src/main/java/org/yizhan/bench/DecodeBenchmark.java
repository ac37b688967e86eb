package org.yizhan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.yizhan.telemetry.TelemetryDecoder;

/**
 * Where the ingest path's per-reading CPU goes in decoding: the whole contract check of one
 * all-fields reading, and its parts (Jackson tree, networknt JSON Schema validation), against
 * Vert.x's own JSON Schema validator on the same schema file. Answers whether a different
 * maintained validator is a lever for issue 3's latency.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecodeBenchmark {

  private static final String DIR = "firmware-contracts/schemas/";
  private static final Instant NOW = Instant.parse("2026-07-15T04:30:05Z");

  private byte[] payload;
  private TelemetryDecoder decoder;
  private ObjectMapper jackson;
  private JsonNode tree;
  private JsonSchema networknt;
  private JsonObject vertxInstance;
  private Validator vertx;

  @Setup
  public void setUp() throws IOException {
    payload =
        ("{\"seq\":10452,\"ts\":\"2026-07-15T04:30:00Z\",\"occupancy\":7,\"entries\":1520,"
                + "\"exits\":1513,\"temperature_c\":31.5,\"humidity_pct\":62.0,"
                + "\"battery_pct\":87,\"rssi_dbm\":-71,\"fw\":\"1.4.2\"}")
            .getBytes(StandardCharsets.UTF_8);
    decoder = new TelemetryDecoder(Clock.fixed(NOW, ZoneOffset.UTC));
    jackson = new ObjectMapper();
    tree = jackson.readTree(payload);
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b ->
                b.schemaMappers(
                    m ->
                        m.mappings(
                            iri -> iri.startsWith("https://yizhan.org/schemas/"),
                            iri -> "classpath:" + DIR + iri.substring(iri.lastIndexOf('/') + 1))));
    networknt =
        factory.getSchema(
            SchemaLocation.of("classpath:" + DIR + "reading.schema.json"),
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    networknt.initializeValidators();
    if (!networknt.validate(tree).isEmpty()) {
      throw new IllegalStateException("networknt refuses the sample: " + networknt.validate(tree));
    }

    JsonObject readingSchema = resource("reading.schema.json");
    SchemaRepository repo =
        SchemaRepository.create(
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri("https://yizhan.org/")
                .setOutputFormat(OutputFormat.Flag));
    for (String f :
        new String[] {
          "reading.schema.json", "telemetry.schema.json", "status.schema.json", "config.schema.json"
        }) {
      JsonObject s = resource(f);
      repo.dereference(s.getString("$id"), io.vertx.json.schema.JsonSchema.of(s));
    }
    vertx = repo.validator(readingSchema.getString("$id"));
    vertxInstance = new JsonObject(Buffer.buffer(payload));
    OutputUnit ok = vertx.validate(vertxInstance);
    if (!ok.getValid()) {
      throw new IllegalStateException("vert.x refuses the sample: " + ok);
    }
    OutputUnit bad = vertx.validate(vertxInstance.copy().put("ts", "yesterday"));
    if (bad.getValid()) {
      throw new IllegalStateException("vert.x does not assert formats: this comparison is unfair");
    }
  }

  private static JsonObject resource(String name) throws IOException {
    try (InputStream in = DecodeBenchmark.class.getClassLoader().getResourceAsStream(DIR + name)) {
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    }
  }

  /** The server's whole check and mapping of one reading. */
  @Benchmark
  public Object decodeTelemetry() throws Exception {
    return decoder.decodeTelemetry("sx-ty-00001", "d-0001", payload, NOW);
  }

  @Benchmark
  public Object jacksonTree() throws IOException {
    return jackson.readTree(payload);
  }

  @Benchmark
  public Object networkntValidate() {
    return networknt.validate(tree);
  }

  @Benchmark
  public Object vertxDecode() {
    return new JsonObject(Buffer.buffer(payload));
  }

  @Benchmark
  public Object vertxValidate() {
    return vertx.validate(vertxInstance);
  }
}
