package org.yizhan.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How late the server notices silent devices: run after the devices stopped (the script freezes the
 * simulator with SIGSTOP, so connections stay open and only the telemetry stops). For every device
 * it takes the last receipt time and expected interval from {@code GET /api/v1/devices}, the time
 * its change to {@code offline} was recorded from {@code GET /api/v1/fleet/changes}, and reports
 * how long after the end of its window (last receipt + 3 intervals) that was.
 *
 * <pre>java -cp benchmarks.jar org.yizhan.bench.OfflineDetection HTTP_BASE ADMIN_TOKEN DEVICES
 * TIMEOUT_S</pre>
 *
 * Waits until every device is offline (or the timeout), then prints one {@code OFFLINE ...} line.
 */
public final class OfflineDetection {

  private OfflineDetection() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String token = args[1];
    int expected = Integer.parseInt(args[2]);
    long deadline = System.currentTimeMillis() + Long.parseLong(args[3]) * 1000;
    HttpClient http = HttpClient.newHttpClient();
    Map<String, Instant> offlineAt = new HashMap<>();
    while (System.currentTimeMillis() < deadline && offlineAt.size() < expected) {
      JsonArray changes =
          get(http, base + "/api/v1/fleet/changes?limit=1000", token).getJsonArray("changes");
      for (int i = 0; i < changes.size(); i++) {
        JsonObject c = changes.getJsonObject(i);
        if ("offline".equals(c.getString("to"))) {
          offlineAt.putIfAbsent(c.getString("device_id"), Instant.parse(c.getString("at")));
        }
      }
      Thread.sleep(500);
    }
    List<Double> lateS = new ArrayList<>();
    int missing = 0;
    for (int offset = 0; ; offset += 1000) {
      JsonObject page = get(http, base + "/api/v1/devices?limit=1000&offset=" + offset, token);
      JsonArray devices = page.getJsonArray("devices");
      for (int i = 0; i < devices.size(); i++) {
        JsonObject d = devices.getJsonObject(i);
        String received = d.getString("last_received_at");
        if (received == null) {
          continue;
        }
        Instant at = offlineAt.get(d.getString("id"));
        if (at == null) {
          missing++;
          continue;
        }
        Instant windowEnd =
            Instant.parse(received).plusMillis(3_000L * d.getInteger("expected_interval_s"));
        lateS.add((at.toEpochMilli() - windowEnd.toEpochMilli()) / 1000.0);
      }
      if (devices.isEmpty() || offset + devices.size() >= page.getInteger("numberMatched")) {
        break;
      }
    }
    Collections.sort(lateS);
    System.out.printf(
        "OFFLINE devices=%d detected=%d missing=%d late_after_window_s: min=%.2f p50=%.2f"
            + " p99=%.2f max=%.2f%n",
        expected,
        lateS.size(),
        missing,
        pct(lateS, 0),
        pct(lateS, 0.5),
        pct(lateS, 0.99),
        pct(lateS, 1.0));
  }

  private static double pct(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static JsonObject get(HttpClient http, String url, String token) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body());
  }
}
