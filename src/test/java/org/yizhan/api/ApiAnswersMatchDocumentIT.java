package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.StoredHistory;
import org.yizhan.testing.TestServers;

/**
 * Real answers of the main endpoints, from a server with the Shanxi demo network, a device and a
 * stored reading, validate against the schemas the OpenAPI document gives for that operation,
 * status and media type (JSON Schema 2020-12, as OpenAPI 3.1 uses).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ApiAnswersMatchDocumentIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Server server;
  private static Http http;
  private static JsonNode document;
  private static String stationId;
  private static final String PREDICTED_ID = "oa-arrival";

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.of("shanxi"));
    http = new Http(server.port());
    document = JSON.readTree(ApiDocs.document().encode());
    stationId = "oa-1";
    http.createStation(stationId, "文档驿站", 112.55, 37.87);
    JsonObject device =
        new JsonObject(
            http.send(
                    http.admin("/api/v1/devices")
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"station_id\":\""
                                    + stationId
                                    + "\",\"expected_interval_s\":60}")))
                .body());
    publishReading(device.getString("id"), device.getString("secret"));
    awaitLive();
    // a station with four weeks of history: the nearby answer predicts free seats on arrival
    http.createStation(PREDICTED_ID, "预测驿站", 112.5501, 37.8701);
    Instant now = Instant.now();
    StoredHistory.readings(
        server.database().dataSource(), PREDICTED_ID, now.minus(Duration.ofDays(29)), now, 3);
    server.arrival().refresh();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static void publishReading(String deviceId, String secret) throws Exception {
    MqttClient c =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(), deviceId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(deviceId);
    o.setPassword(secret.toCharArray());
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    c.connect(o);
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    MqttMessage m =
        new MqttMessage(
            ("{\"seq\":1,\"ts\":\"" + ts + "\",\"occupancy\":3,\"temperature_c\":24.5}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("yz/v1/st/" + stationId + "/dev/" + deviceId + "/telemetry", m);
    c.disconnect();
    c.close();
  }

  private static void awaitLive() throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (new JsonObject(http.get("/api/v1/stations/" + stationId).body())
            .getJsonObject("properties")
            .getValue("live")
        == null) {
      assertThat(System.nanoTime()).as("live values within 20 s").isLessThan(until);
      Thread.sleep(100);
    }
  }

  /**
   * The schema of one documented answer, compiled with the whole document as its root so that its
   * {@code $ref}s to components resolve.
   */
  private static JsonSchema schemaOf(String path, String method, int status, String mediaType) {
    String pointer =
        "#/paths/"
            + escape(path)
            + "/"
            + method
            + "/responses/"
            + status
            + "/content/"
            + escape(mediaType)
            + "/schema";
    JsonNode target = document.at(pointer.substring(1));
    if (target.isMissingNode()) {
      // the answer may be a shared response of components
      JsonNode response =
          document.at("/paths/" + escape(path) + "/" + method + "/responses/" + status);
      assertThat(response.isMissingNode())
          .as("documented: " + method + " " + path + " " + status)
          .isFalse();
      String ref = response.path("$ref").asText();
      pointer = ref + "/content/" + escape(mediaType) + "/schema";
      assertThat(document.at(pointer.substring(1)).isMissingNode())
          .as("documented media type " + mediaType + " at " + pointer)
          .isFalse();
    }
    ObjectNode root = document.deepCopy();
    root.put("$ref", pointer);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root, config);
    schema.initializeValidators();
    return schema;
  }

  private static String escape(String pointerPart) {
    return pointerPart.replace("~", "~0").replace("/", "~1");
  }

  /** Calls the route and checks status, media type and body against the document. */
  private static JsonNode check(
      String documentedPath, String url, boolean admin, int status, String mediaType)
      throws Exception {
    HttpResponse<String> r = http.send(admin ? http.admin(url) : http.request(url));
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(mediaType);
    JsonNode body = JSON.readTree(r.body());
    Set<ValidationMessage> problems =
        schemaOf(documentedPath, "get", status, mediaType).validate(body);
    assertThat(problems).as(url + " against the document: " + r.body()).isEmpty();
    return body;
  }

  /** Verifies that a page of stations matches the documented StationPage. */
  @Test
  void stationListMatches() throws Exception {
    JsonNode page =
        check("/api/v1/stations", "/api/v1/stations?limit=3", false, 200, "application/geo+json");
    assertThat(page.path("features")).hasSize(3);
  }

  /** Verifies that one station, with live values, matches the documented feature. */
  @Test
  void stationByIdMatches() throws Exception {
    JsonNode s =
        check(
            "/api/v1/stations/{id}",
            "/api/v1/stations/" + stationId,
            false,
            200,
            "application/geo+json");
    assertThat(s.path("properties").path("live").isObject()).isTrue();
  }

  /** Verifies that the nearby answer matches. */
  @Test
  void nearbyMatches() throws Exception {
    JsonNode n =
        check(
            "/api/v1/stations/nearby",
            "/api/v1/stations/nearby?lat=37.87&lon=112.55&limit=5",
            false,
            200,
            "application/geo+json");
    assertThat(n.path("features")).hasSize(5);
    java.util.Map<String, String> arrival = new java.util.HashMap<>();
    n.path("features")
        .forEach(
            f ->
                arrival.put(
                    f.path("id").asText(),
                    f.path("properties").path("arrival").path("status").asText()));
    assertThat(arrival).containsEntry(PREDICTED_ID, "predicted");
    assertThat(arrival).containsEntry(stationId, "insufficient_history");
  }

  /** Verifies that raw and bucketed history answers match, with the stored reading in them. */
  @Test
  void historyMatches() throws Exception {
    String range =
        "from=" + Instant.now().minus(1, ChronoUnit.DAYS) + "&to=" + Instant.now().plusSeconds(60);
    JsonNode raw =
        check(
            "/api/v1/stations/{id}/readings",
            "/api/v1/stations/" + stationId + "/readings?" + range,
            false,
            200,
            "application/json");
    JsonNode hourly =
        check(
            "/api/v1/stations/{id}/readings",
            "/api/v1/stations/" + stationId + "/readings?bucket=1h&" + range,
            false,
            200,
            "application/json");
    assertThat(raw.path("readings")).hasSize(1);
    assertThat(hourly.path("buckets")).isNotEmpty();
  }

  /** Verifies that the alert list and the device page match. */
  @Test
  void alertsAndDevicesMatch() throws Exception {
    check("/api/v1/alerts", "/api/v1/alerts", true, 200, "application/json");
    JsonNode devices =
        check("/api/v1/devices", "/api/v1/devices?limit=10", true, 200, "application/json");
    assertThat(devices.path("devices")).hasSize(1);
    assertThat(devices.path("numberMatched").asInt()).isEqualTo(1);
  }

  /** Verifies that a planning answer (the demo's demand set) matches. */
  @Test
  void planningSetsMatch() throws Exception {
    JsonNode sets =
        check(
            "/api/v1/planning/sets/{kind}",
            "/api/v1/planning/sets/demand",
            true,
            200,
            "application/json");
    assertThat(sets.path("sets")).isNotEmpty();
  }

  /** Verifies that problems (404, 400) match the documented problem+json. */
  @Test
  void problemsMatch() throws Exception {
    check(
        "/api/v1/stations/{id}",
        "/api/v1/stations/no-such",
        false,
        404,
        "application/problem+json");
    JsonNode invalid =
        check(
            "/api/v1/stations", "/api/v1/stations?limit=x", false, 400, "application/problem+json");
    assertThat(invalid.path("errors").get(0).path("field").asText()).isEqualTo("limit");
  }
}
