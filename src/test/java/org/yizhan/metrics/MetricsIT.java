package org.yizhan.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.MetricsConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * {@code GET /metrics} (docs/operations.md "Metrics") on a started server with a real MQTT device:
 * readings it sent are counted as accepted, a refused message under its reason, the batch and the
 * commit recorded; HTTP latency is labelled with the route template, never the raw path; JVM and
 * pool meters are there. With {@code metrics.enabled: false} there is no {@code /metrics}, and with
 * a token only a request carrying it is answered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsIT {

  private static final String STATION = "metrics-st";

  @Test
  void ingestHttpJvmAndPoolFiguresAreExposedInPrometheusText() throws Exception {
    try (Server server = TestServers.start(Optional.empty())) {
      Http http = new Http(server.port());
      http.createStation(STATION, "计量", 112.55, 37.87);
      var device = http.provisionDevice(STATION, 60);
      String id = device.getString("id");
      MqttClient c =
          new MqttClient(
              "tcp://127.0.0.1:" + server.config().mqtt().port(), id, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setUserName(id);
      o.setPassword(device.getString("secret").toCharArray());
      c.connect(o);
      Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      String topic = "yz/v1/st/" + STATION + "/dev/" + id + "/telemetry";
      publish(c, topic, "{\"seq\":1,\"ts\":\"" + ts + "\",\"occupancy\":2}");
      publish(c, topic, "{\"seq\":2,\"ts\":\"" + ts.plusSeconds(1) + "\",\"occupancy\":3}");
      publish(c, topic, "{not json"); // refused as malformed_json, and acknowledged
      // Two station reads with different ids: one route template.
      assertThat(http.get("/api/v1/stations/" + STATION).statusCode()).isEqualTo(200);
      assertThat(http.get("/api/v1/stations/no-such-station").statusCode()).isEqualTo(404);

      HttpResponse<String> r = http.get("/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      Exposition e = Exposition.parse(r.body());

      assertThat(value(e, "yizhan_ingest_readings_accepted_total", Map.of())).isEqualTo(2);
      assertThat(
              value(e, "yizhan_ingest_messages_refused_total", Map.of("reason", "malformed_json")))
          .isEqualTo(1);
      assertThat(value(e, "yizhan_ingest_messages_refused_total", Map.of("reason", "too_old")))
          .isZero();
      assertThat(value(e, "yizhan_writer_commit_seconds_count", Map.of())).isGreaterThan(0);
      assertThat(value(e, "yizhan_writer_batch_readings_sum", Map.of())).isEqualTo(2);
      assertThat(value(e, "yizhan_writer_queue_readings", Map.of())).isZero();
      assertThat(value(e, "yizhan_devices_connected", Map.of())).isEqualTo(1);
      assertThat(e.labelValues("yizhan_devices", "state"))
          .containsExactlyInAnyOrder("online", "late", "offline", "never_seen", "disabled");
      assertThat(e.labelValues("yizhan_alerts_open", "kind"))
          .contains("device_offline", "too_hot", "maintenance_late");
      assertThat(e.labelValues("yizhan_webhook_deliveries_total", "outcome"))
          .containsExactlyInAnyOrder("delivered", "failed", "retried", "dropped");
      assertThat(e.names()).contains("yizhan_live_sse_clients");

      System.out.println(
          "ROUTES " + e.labelValues("vertx_http_server_response_time_seconds_count", "route"));
      assertThat(e.labelValues("vertx_http_server_response_time_seconds_count", "route"))
          .anyMatch(route -> route.endsWith("/api/v1/stations/:id"))
          .noneMatch(route -> route.contains(STATION) || route.contains("no-such-station"));
      assertThat(e.names())
          .contains(
              "vertx_http_server_response_time_seconds_bucket",
              "jvm_memory_used_bytes",
              "jvm_gc_memory_allocated_bytes_total",
              "jvm_threads_live_threads",
              "hikaricp_connections_active",
              "hikaricp_connections_pending");
      c.disconnect();
      c.close();
    }
  }

  @Test
  void withMetricsOffThereIsNoMetricsRoute() throws Exception {
    try (Server server =
        TestServers.start(
            Optional.empty(), c -> c.withMetrics(new MetricsConfig(false, Optional.empty())))) {
      assertThat(new Http(server.port()).get("/metrics").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void withATokenOnlyARequestCarryingItIsAnswered() throws Exception {
    String token = "metrics-token-0123456789";
    try (Server server =
        TestServers.start(
            Optional.empty(), c -> c.withMetrics(new MetricsConfig(true, Optional.of(token))))) {
      Http http = new Http(server.port());
      HttpResponse<String> none = http.get("/metrics");
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      HttpResponse<String> wrong =
          http.send(http.request("/metrics").header("Authorization", "Bearer " + token + "x"));
      assertThat(wrong.statusCode()).isEqualTo(401);
      HttpResponse<String> right =
          http.send(http.request("/metrics").header("Authorization", "Bearer " + token));
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.body()).contains("yizhan_ingest_readings_accepted_total");
    }
  }

  private static void publish(MqttClient c, String topic, String json) throws Exception {
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish(topic, m); // returns after the PUBACK, sent after the commit
  }

  private static double value(Exposition e, String name, Map<String, String> labels) {
    return e.find(name, labels)
        .orElseThrow(() -> new AssertionError("no " + name + labels + " in " + e.names()))
        .value();
  }
}
