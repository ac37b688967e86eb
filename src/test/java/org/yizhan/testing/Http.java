package org.yizhan.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small blocking HTTP client for integration tests against a real server. */
public final class Http {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return client.send(
        b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path));
  }

  /** A request carrying the test admin token. */
  public HttpRequest.Builder admin(String path) {
    return request(path).header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN);
  }

  /**
   * Creates a 24/7 urban rest station with 10 seats through the admin API; fails the test unless it
   * is created.
   */
  public void createStation(String id, String nameZh, double lon, double lat)
      throws IOException, InterruptedException {
    createStation(
        lon,
        lat,
        new JsonObject()
            .put("id", id)
            .put("name_zh", nameZh)
            .put("kind", "urban_rest_station")
            .put("capacity", 10)
            .put("opening_hours", "24/7"));
  }

  /**
   * Creates a station at a point with these GeoJSON properties through the admin API; fails the
   * test unless it is created.
   */
  public void createStation(double lon, double lat, JsonObject properties)
      throws IOException, InterruptedException {
    JsonObject feature =
        new JsonObject()
            .put("type", "Feature")
            .put(
                "geometry",
                new JsonObject()
                    .put("type", "Point")
                    .put("coordinates", new JsonArray().add(lon).add(lat)))
            .put("properties", properties);
    HttpResponse<String> r =
        send(
            admin("/api/v1/stations")
                .header("Content-Type", "application/geo+json")
                .POST(HttpRequest.BodyPublishers.ofString(feature.encode())));
    if (r.statusCode() != 201) {
      throw new AssertionError(
          "creating station "
              + properties.getString("id")
              + ": "
              + r.statusCode()
              + " "
              + r.body());
    }
  }

  /**
   * Provisions a device for a station through the admin API; fails the test unless it is created.
   *
   * @return the answer: {@code id}, {@code secret} (shown once) and the device's fields
   */
  public io.vertx.core.json.JsonObject provisionDevice(String stationId, int expectedIntervalS)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        send(
            admin("/api/v1/devices")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"station_id\":\""
                            + stationId
                            + "\",\"expected_interval_s\":"
                            + expectedIntervalS
                            + "}")));
    if (r.statusCode() != 201) {
      throw new AssertionError(
          "provisioning for " + stationId + ": " + r.statusCode() + " " + r.body());
    }
    return new io.vertx.core.json.JsonObject(r.body());
  }
}
