package org.yizhan.warning;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.yizhan.testing.TestServers;

/**
 * Heat and cold warnings over real HTTP and MQTT against the embedded database: admins set, list,
 * end and delete them within their scope; the public read and the nearby answer carry the one in
 * force, and the nearby list leads with an open, air-conditioned, comfortable station.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WarningsIT {

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    // 太原: the nearest has no air conditioning, the next is too hot, the farthest suits
    station("wt-plain", "太原", 112.5500, 37.8700, new JsonArray());
    station("wt-hot", "太原", 112.5520, 37.8700, new JsonArray().add("air_conditioning"));
    station("wt-cool", "太原", 112.5540, 37.8700, new JsonArray().add("air_conditioning"));
    station("wt-dt", "大同", 113.3000, 40.0800, new JsonArray().add("heating"));
    publish("wt-hot", "\"temperature_c\":31.5");
    publish("wt-cool", "\"temperature_c\":25.0");
    publish("wt-plain", "\"temperature_c\":24.0");
    account("ty-admin", new JsonObject().put("cities", List.of("太原")));
    account("dt-district", new JsonObject().put("districts", List.of("大同/平城区")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Verifies that a created warning is listed in force, ends early, and is deleted, audited. */
  @Test
  void aWarningIsCreatedListedEndedEarlyAndDeleted() throws Exception {
    Instant now = Instant.now();
    HttpResponse<String> created =
        create(null, warning("cold", "blue", "大同", now.minusSeconds(60), now.plusSeconds(3600)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject w = new JsonObject(created.body());
    long id = w.getLong("id");
    assertThat(w.getString("state")).isEqualTo("in_force");
    assertThat(w.getString("source")).isEqualTo("manual");
    assertThat(w.getString("set_by")).isEqualTo("admin-token");
    assertThat(ids("/api/v1/admin/warnings?state=in_force")).contains(id);
    assertThat(publicFor("city=大同").getJsonArray("warnings")).hasSize(1);

    HttpResponse<String> ended =
        http.send(
            http.admin("/api/v1/admin/warnings/" + id + "/end")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    assertThat(new JsonObject(ended.body()).getString("state")).isEqualTo("past");
    assertThat(ids("/api/v1/admin/warnings?state=past")).contains(id);
    assertThat(publicFor("city=大同").getJsonArray("warnings")).isEmpty();

    HttpResponse<String> deleted = http.send(http.admin("/api/v1/admin/warnings/" + id).DELETE());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    assertThat(ids("/api/v1/admin/warnings")).doesNotContain(id);
    HttpResponse<String> audit = http.send(http.admin("/api/v1/audit?target_type=warning").GET());
    assertThat(audit.body()).contains("warning.create", "warning.end", "warning.delete");
  }

  /** Verifies the refusals: unknown city with near matches, blue heat, a period too long. */
  @Test
  void badWarningsAreRefusedNamingTheField() throws Exception {
    Instant now = Instant.now();
    HttpResponse<String> city =
        create(null, warning("heat", "orange", "太原市", now, now.plusSeconds(3600)));
    assertThat(city.statusCode()).isEqualTo(400);
    assertThat(city.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(city.body()).contains("\"city\"", "near matches: 太原");

    HttpResponse<String> blue =
        create(null, warning("heat", "blue", "太原", now, now.plusSeconds(3600)));
    assertThat(blue.statusCode()).isEqualTo(400);
    assertThat(blue.body()).contains("\"level\"");

    HttpResponse<String> longPeriod =
        create(null, warning("heat", "red", "太原", now, now.plus(Duration.ofDays(11))));
    assertThat(longPeriod.statusCode()).isEqualTo(400);
    assertThat(longPeriod.body()).contains("\"until\"");

    HttpResponse<String> nowhere = http.get("/api/v1/warnings");
    assertThat(nowhere.statusCode()).isEqualTo(400);
    assertThat(nowhere.body()).contains("\"city\"");

    HttpResponse<String> backwards =
        create(null, warning("heat", "red", "太原", now, now.minusSeconds(1)));
    assertThat(backwards.statusCode()).isEqualTo(400);
    assertThat(backwards.body()).contains("\"until\"");
  }

  /** Verifies that a city admin may warn their city only, and a district admin no city. */
  @Test
  void stationAdminsWarnOnlyTheCitiesTheirScopeNamesWhole() throws Exception {
    Instant now = Instant.now();
    String ty = login("ty-admin");
    String dt = login("dt-district");
    HttpResponse<String> own =
        create(ty, warning("heat", "yellow", "太原", now.plusSeconds(7200), now.plusSeconds(9000)));
    assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
    HttpResponse<String> other =
        create(ty, warning("cold", "blue", "大同", now, now.plusSeconds(3600)));
    assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
    HttpResponse<String> district =
        create(dt, warning("cold", "blue", "大同", now, now.plusSeconds(3600)));
    assertThat(district.statusCode()).as(district.body()).isEqualTo(403);
    long id = new JsonObject(own.body()).getLong("id");
    assertThat(publicFor("city=太原").getJsonArray("warnings"))
        .as("upcoming, not in force")
        .isEmpty();
    HttpResponse<String> endOther =
        http.send(
            http.request("/api/v1/admin/warnings/" + id + "/end")
                .header("Authorization", "Bearer " + dt)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(endOther.statusCode()).isEqualTo(403);
    http.send(http.admin("/api/v1/admin/warnings/" + id).DELETE());
  }

  /**
   * Verifies that while a heat warning is in force the nearby answer carries it and leads with the
   * open, air-conditioned station at 25 °C, and that both stop when it expires.
   */
  @Test
  void theNearbyAnswerLeadsWithSuitableStationsOnlyWhileTheWarningIsInForce() throws Exception {
    String near = "/api/v1/stations/nearby?lat=37.8700&lon=112.5490&limit=3";
    JsonObject before = new JsonObject(http.get(near).body());
    assertThat(before.containsKey("warning")).isFalse();
    assertThat(order(before)).containsExactly("wt-plain", "wt-hot", "wt-cool");

    Instant now = Instant.now();
    Instant until = now.plusSeconds(6);
    HttpResponse<String> created =
        create(null, warning("heat", "orange", "太原", now.minusSeconds(60), until));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    JsonObject during = new JsonObject(http.get(near).body());
    assertThat(during.getJsonObject("warning").getString("level")).isEqualTo("orange");
    assertThat(during.getJsonObject("warning").getString("city_from")).isEqualTo("nearest_station");
    assertThat(order(during)).containsExactly("wt-cool", "wt-plain", "wt-hot");
    assertThat(props(during, 0).getBoolean("suits_warning")).isTrue();
    assertThat(props(during, 2).getBoolean("suits_warning")).isFalse();
    JsonObject one =
        new JsonObject(http.get("/api/v1/stations/nearby?lat=37.8700&lon=112.5490&limit=1").body());
    assertThat(order(one))
        .as("found among the 3 nearest, not only the one asked for")
        .containsExactly("wt-cool");
    JsonObject at = publicFor("lat=37.8700&lon=112.5490");
    assertThat(at.getString("city")).isEqualTo("太原");
    assertThat(at.getJsonArray("warnings")).hasSize(1);

    while (Instant.now().isBefore(until.plusMillis(200))) {
      Thread.sleep(200);
    }
    JsonObject after = new JsonObject(http.get(near).body());
    assertThat(after.containsKey("warning")).isFalse();
    assertThat(order(after)).containsExactly("wt-plain", "wt-hot", "wt-cool");
  }

  private static JsonObject props(JsonObject answer, int i) {
    return answer.getJsonArray("features").getJsonObject(i).getJsonObject("properties");
  }

  private static List<String> order(JsonObject answer) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < answer.getJsonArray("features").size(); i++) {
      out.add(props(answer, i).getString("id"));
    }
    return out;
  }

  private static JsonObject publicFor(String query) throws Exception {
    HttpResponse<String> r = http.get("/api/v1/warnings?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("max-age=60");
    return new JsonObject(r.body());
  }

  private static List<Long> ids(String path) throws Exception {
    HttpResponse<String> r = http.send(http.admin(path).GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<Long> out = new ArrayList<>();
    for (Object o : new JsonObject(r.body()).getJsonArray("warnings")) {
      out.add(((JsonObject) o).getLong("id"));
    }
    return out;
  }

  static JsonObject warning(String kind, String level, String city, Instant from, Instant until) {
    return new JsonObject()
        .put("kind", kind)
        .put("level", level)
        .put("city", city)
        .put("from", from.truncatedTo(ChronoUnit.MILLIS).toString())
        .put("until", until.truncatedTo(ChronoUnit.MILLIS).toString());
  }

  private static HttpResponse<String> create(String session, JsonObject body) throws Exception {
    HttpRequest.Builder b =
        session == null
            ? http.admin("/api/v1/admin/warnings")
            : http.request("/api/v1/admin/warnings").header("Authorization", "Bearer " + session);
    return http.send(
        b.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static void station(String id, String city, double lon, double lat, JsonArray amenities)
      throws Exception {
    http.createStation(
        lon,
        lat,
        new JsonObject()
            .put("id", id)
            .put("name_zh", "预警驿站" + id)
            .put("kind", "urban_rest_station")
            .put("capacity", 10)
            .put("opening_hours", "24/7")
            .put("city", city)
            .put("district", city.equals("大同") ? "平城区" : "小店区")
            .put("amenities", amenities));
  }

  private static void account(String name, JsonObject scope) throws Exception {
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/accounts")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", name)
                            .put("role", "station_admin")
                            .put("password", name + "-secret-pw")
                            .put("scope", scope)
                            .encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static String login(String name) throws Exception {
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", name)
                            .put("password", name + "-secret-pw")
                            .encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("token");
  }

  /** A reading from a new device (interval 600 s, so it stays current) over real MQTT, QoS 1. */
  static void publish(String stationId, String fields) throws Exception {
    JsonObject device = http.provisionDevice(stationId, 600);
    MqttClient client =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(),
            device.getString("id"),
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(device.getString("id"));
    options.setPassword(device.getString("secret").toCharArray());
    client.connect(options);
    Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MqttMessage m =
        new MqttMessage(
            ("{\"seq\":1,\"ts\":\"" + ts + "\"," + fields + "}").getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish("yz/v1/st/" + stationId + "/dev/" + device.getString("id") + "/telemetry", m);
    client.disconnect();
    client.close();
  }
}
