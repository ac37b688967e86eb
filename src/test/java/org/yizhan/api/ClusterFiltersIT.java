package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * The clusters endpoint takes the nearby filters ({@code amenity}, {@code open_now}, {@code kind},
 * {@code free_seats}) and counts exactly the stations the nearest list gives for them; real server,
 * database, HTTP and an MQTT device giving one station a current count.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterFiltersIT {

  private static final double LON = 112.55;
  private static final double LAT = 37.87;
  private static final String BOX =
      (LON - 0.05) + "," + (LAT - 0.05) + "," + (LON + 0.05) + "," + (LAT + 0.05);

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    station("cf-water", "urban_rest_station", "24/7", new JsonArray().add("drinking_water"), 0);
    station("cf-driver", "drivers_home", "24/7", new JsonArray(), 1);
    station("cf-minute", "urban_rest_station", "Mo-Su 03:00-03:01", new JsonArray(), 2);
    station("cf-plain", "urban_rest_station", "24/7", new JsonArray().add("toilet"), 3);

    JsonObject d = http.provisionDevice("cf-water", 60);
    MqttClient c =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(),
            d.getString("id") + "-c",
            new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(d.getString("id"));
    o.setPassword(d.getString("secret").toCharArray());
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    c.connect(o);
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    MqttMessage m =
        new MqttMessage(
            ("{\"seq\":1,\"ts\":\"" + ts + "\",\"occupancy\":3,\"temperature_c\":24.5}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("yz/v1/st/cf-water/dev/" + d.getString("id") + "/telemetry", m);
    c.disconnect();
    c.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!nearby("&free_seats=true").contains("cf-water")) {
      assertThat(System.nanoTime()).as("the count is live within 20 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Verifies that each filter narrows the clusters exactly as it narrows the nearest list. */
  @Test
  void eachNearbyFilterNarrowsTheClustersAsItNarrowsTheNearestList() throws Exception {
    assertThat(clustered("")).containsExactly("cf-driver", "cf-minute", "cf-plain", "cf-water");

    assertThat(clustered("&amenity=drinking_water")).containsExactly("cf-water");
    assertThat(clustered("&kind=drivers_home")).containsExactly("cf-driver");
    assertThat(clustered("&kind=drivers_home&kind=urban_rest_station"))
        .containsExactly("cf-driver", "cf-minute", "cf-plain", "cf-water");
    assertThat(clustered("&free_seats=true")).containsExactly("cf-water");
    // cf-minute opens one minute a day; whatever the time, the two answers agree.
    assertThat(clustered("&open_now=true"))
        .containsAll(Set.of("cf-driver", "cf-plain", "cf-water"))
        .isEqualTo(nearby("&open_now=true"));
    for (String f :
        new String[] {
          "&amenity=drinking_water", "&kind=drivers_home", "&free_seats=true", "&amenity=toilet"
        }) {
      assertThat(clustered(f)).as(f).isEqualTo(nearby(f));
    }
  }

  /** Verifies that the counts of a zoomed-out cluster follow the filters too. */
  @Test
  void aZoomedOutClusterCountsOnlyTheFilteredStations() throws Exception {
    assertThat(count("")).isEqualTo(4);
    assertThat(count("&amenity=drinking_water")).isEqualTo(1);
    assertThat(count("&kind=drivers_home")).isEqualTo(1);
    assertThat(count("&free_seats=true")).isEqualTo(1);
  }

  private static void station(String id, String kind, String hours, JsonArray amenities, int offset)
      throws Exception {
    http.createStation(
        LON + offset * 0.002,
        LAT,
        new JsonObject()
            .put("id", id)
            .put("name_zh", "驿站 " + id)
            .put("kind", kind)
            .put("capacity", 10)
            .put("opening_hours", hours)
            .put("amenities", amenities));
  }

  /** The station ids of the clusters at zoom 20, where every station is its own cluster. */
  private static Set<String> clustered(String filters) throws Exception {
    JsonArray clusters = clusters(20, filters);
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < clusters.size(); i++) {
      JsonObject c = clusters.getJsonObject(i);
      assertThat(c.getInteger("count")).isEqualTo(1);
      ids.add(c.getString("id"));
    }
    return ids;
  }

  /** The stations counted at zoom 5, where all four fall in one cell. */
  private static int count(String filters) throws Exception {
    JsonArray clusters = clusters(5, filters);
    int n = 0;
    for (int i = 0; i < clusters.size(); i++) {
      n += clusters.getJsonObject(i).getInteger("count");
    }
    assertThat(clusters.size()).isLessThanOrEqualTo(1);
    return n;
  }

  private static JsonArray clusters(int zoom, String filters) throws Exception {
    HttpResponse<String> r =
        http.get("/api/v1/stations/clusters?bbox=" + BOX + "&zoom=" + zoom + filters);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("clusters");
  }

  private static Set<String> nearby(String filters) throws Exception {
    HttpResponse<String> r =
        http.get("/api/v1/stations/nearby?lat=" + LAT + "&lon=" + LON + "&limit=100" + filters);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray features = new JsonObject(r.body()).getJsonArray("features");
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < features.size(); i++) {
      JsonObject f = features.getJsonObject(i);
      String id = f.getString("id");
      ids.add(id != null ? id : f.getJsonObject("properties").getString("id"));
    }
    return ids;
  }
}
