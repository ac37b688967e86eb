package org.yizhan.tools.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.tools.sim.Credentials.Credential;

/**
 * Talks to the admin API before the run: lists the stations, lists the devices, and provisions a
 * combined device for every chosen station that has none in the credentials file.
 */
final class Provisioner {

  private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);
  private static final int PAGE = 10_000;
  private static final int PARALLEL = 8;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String token;

  Provisioner(String baseUrl, String token) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  /** Every open station, as the public list shows them. */
  List<StationInfo> stations() throws IOException, InterruptedException {
    List<StationInfo> out = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      JsonObject page = get("/api/v1/stations?limit=" + PAGE + "&offset=" + offset);
      JsonArray features = page.getJsonArray("features", new JsonArray());
      for (int i = 0; i < features.size(); i++) {
        out.add(station(features.getJsonObject(i)));
      }
      long matched = page.getLong("numberMatched", (long) out.size());
      if (features.isEmpty() || out.size() >= matched) {
        return out;
      }
    }
  }

  static StationInfo station(JsonObject f) {
    JsonObject p = f.getJsonObject("properties", new JsonObject());
    JsonArray c = f.getJsonObject("geometry", new JsonObject()).getJsonArray("coordinates");
    String id = f.getValue("id") instanceof String s ? s : p.getString("id");
    Number capacity = p.getValue("capacity") instanceof Number n ? n : 10;
    return new StationInfo(
        id,
        capacity.intValue(),
        p.getValue("opening_hours") instanceof String s ? s : null,
        p.getValue("city") instanceof String s ? s : "",
        p.getValue("kind") instanceof String s ? s : "",
        c != null && c.size() >= 2 ? c.getDouble(1) : StationInfo.DEFAULT_LAT,
        c != null && c.size() >= 2 ? c.getDouble(0) : 112.55);
  }

  /** Every provisioned device: id to station id. */
  Map<String, String> devices() throws IOException, InterruptedException {
    Map<String, String> out = new HashMap<>();
    int page = 1_000; // the API's largest page
    for (int offset = 0; ; offset += page) {
      JsonObject answer = get("/api/v1/devices?limit=" + page + "&offset=" + offset);
      JsonArray list = answer.getJsonArray("devices", new JsonArray());
      for (int i = 0; i < list.size(); i++) {
        JsonObject d = list.getJsonObject(i);
        out.put(d.getString("id"), d.getString("station_id"));
      }
      if (list.isEmpty() || offset + list.size() >= answer.getInteger("numberMatched", 0)) {
        return out;
      }
    }
  }

  /**
   * A device for every chosen station: reused from the credentials file when the server still knows
   * it at that station, provisioned otherwise (and appended to the file at once, since the secret
   * cannot be fetched again).
   */
  List<Credential> ensure(List<StationInfo> chosen, Path file, int intervalS)
      throws IOException, InterruptedException {
    Map<String, Credential> known = Credentials.read(file);
    Map<String, String> server = devices();
    Map<String, Credential> valid = new LinkedHashMap<>();
    known.forEach(
        (station, c) -> {
          if (station.equals(server.get(c.deviceId()))) {
            valid.put(station, c);
          }
        });
    List<StationInfo> missing = chosen.stream().filter(s -> !valid.containsKey(s.id())).toList();
    if (valid.size() < known.size()) {
      LOG.info(
          "sim: {} devices in {} are unknown to the server; provisioning anew",
          known.size() - valid.size(),
          file);
      Credentials.write(file, valid.values());
    }
    if (!missing.isEmpty()) {
      LOG.info(
          "sim: provisioning {} devices ({} reused from {})",
          missing.size(),
          chosen.size() - missing.size(),
          file);
      ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
      try {
        List<Future<Credential>> made = new ArrayList<>();
        for (StationInfo s : missing) {
          made.add(pool.submit(() -> provision(s.id(), intervalS, file)));
        }
        for (Future<Credential> f : made) {
          Credential c = f.get();
          valid.put(c.stationId(), c);
        }
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    return chosen.stream().map(s -> valid.get(s.id())).toList();
  }

  private Credential provision(String stationId, int intervalS, Path file)
      throws IOException, InterruptedException {
    JsonObject body =
        new JsonObject()
            .put("station_id", stationId)
            .put("expected_interval_s", Math.max(5, Math.min(86_400, intervalS)))
            .put("kind", "combined");
    HttpRequest req =
        request("/api/v1/devices")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build();
    JsonObject d = new JsonObject(send(req, 201));
    Credential c = new Credential(d.getString("id"), stationId, d.getString("secret"));
    Credentials.append(file, c);
    return c;
  }

  private JsonObject get(String path) throws IOException, InterruptedException {
    return new JsonObject(send(request(path).GET().build(), 200));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null && !token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private String send(HttpRequest req, int expected) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      String body = r.body().length() > 300 ? r.body().substring(0, 300) : r.body();
      throw new IOException(
          req.method() + " " + req.uri() + ": HTTP " + r.statusCode() + ": " + body);
    }
    return r.body();
  }
}
