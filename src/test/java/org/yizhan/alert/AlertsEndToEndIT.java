package org.yizhan.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.AlertConfig;
import org.yizhan.config.YizhanConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * The whole alert path with real parts: a device reports over real MQTT, dies (its connection drops
 * without a goodbye), the offline alert opens within the device's window and a real local HTTP
 * receiver is called, first failing once (the notifier must retry); the device comes back and the
 * alert resolves after the calm period, and the receiver hears that too.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AlertsEndToEndIT {

  private static final String STATION = "e2e-st";

  @Test
  void aDeadDeviceOpensAnAlertCallsTheWebhookAndResolvesWhenItReturns() throws Exception {
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    AtomicInteger calls = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          // The first delivery fails: the notifier must retry it.
          int status = calls.incrementAndGet() == 1 ? 503 : 200;
          if (status == 200) {
            received.add(new JsonObject(new String(body, StandardCharsets.UTF_8)));
          }
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    receiver.start();
    TestDatabases.Db db = TestDatabases.fresh();
    YizhanConfig config =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort())
            .withAlerts(
                AlertConfig.DEFAULTS
                    .withCalmSeconds(3)
                    .withWebhooks(
                        "[{\"name\":\"ops\",\"format\":\"generic\",\"url\":\"http://127.0.0.1:"
                            + receiver.getAddress().getPort()
                            + "/hook\"}]"));
    try (Server server = Server.start(config)) {
      Http http = new Http(server.port());
      http.createStation(STATION, "端到端驿站", 112.55, 37.87);
      JsonObject dev = http.provisionDevice(STATION, 5);
      String id = dev.getString("id");
      String secret = dev.getString("secret");
      String broker = "tcp://127.0.0.1:" + server.config().mqtt().port();

      MqttClient device = connect(broker, id, secret);
      publish(device, id, 1);
      device.disconnectForcibly(0, 0, false); // killed: no DISCONNECT, the socket just closes
      device.close();
      Instant died = Instant.now();

      JsonObject opened = received.poll(20, TimeUnit.SECONDS);
      assertThat(opened).as("webhook called for the opened alert").isNotNull();
      // Last will: offline at once; the budget is the device's window (3 x 5 s) plus 5 s.
      assertThat(Duration.between(died, Instant.now())).isLessThan(Duration.ofSeconds(20));
      assertThat(opened.getString("event")).isEqualTo("opened");
      JsonObject alert = opened.getJsonObject("alert");
      assertThat(alert.getString("kind")).isEqualTo("device_offline");
      assertThat(alert.getString("device_id")).isEqualTo(id);
      assertThat(alert.getString("station_id")).isEqualTo(STATION);
      assertThat(calls.get()).as("one failed attempt, then the retry").isGreaterThanOrEqualTo(2);
      JsonObject open =
          new JsonObject(http.send(http.admin("/api/v1/alerts?status=open")).body())
              .getJsonArray("alerts")
              .getJsonObject(0);
      assertThat(open.getLong("id")).isEqualTo(alert.getLong("id"));
      // The admin can see that the on-call group was told, and that it took a retry.
      JsonObject delivered = awaitDelivery(http, alert.getLong("id"));
      assertThat(delivered.getString("target")).isEqualTo("ops");
      assertThat(delivered.getString("event")).isEqualTo("opened");
      assertThat(delivered.getInteger("attempts")).isEqualTo(2);

      MqttClient back = connect(broker, id, secret);
      publish(back, id, 2);
      JsonObject resolved = received.poll(30, TimeUnit.SECONDS);
      assertThat(resolved).as("webhook called for the resolution").isNotNull();
      assertThat(resolved.getString("event")).isEqualTo("resolved");
      assertThat(resolved.getJsonObject("alert").getLong("id")).isEqualTo(alert.getLong("id"));
      assertThat(
              new JsonObject(http.send(http.admin("/api/v1/alerts?status=open")).body())
                  .getJsonArray("alerts"))
          .isEmpty();
      back.disconnect();
      back.close();
    } finally {
      receiver.stop(0);
    }
  }

  private static JsonObject awaitDelivery(Http http, long alertId) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      HttpResponse<String> r = http.send(http.admin("/api/v1/alerts/" + alertId + "/deliveries"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      var list = new JsonObject(r.body()).getJsonArray("deliveries");
      if (!list.isEmpty()) {
        return list.getJsonObject(0);
      }
      assertThat(System.nanoTime()).as("delivery recorded within 10 s").isLessThan(until);
      Thread.sleep(100);
    }
  }

  private static MqttClient connect(String broker, String id, String secret) throws Exception {
    MqttClient c =
        new MqttClient(broker, id + "-" + System.nanoTime() % 100000, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(id);
    o.setPassword(secret.toCharArray());
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setWill(
        "yz/v1/st/" + STATION + "/dev/" + id + "/status",
        "{\"state\":\"offline\",\"reason\":\"lwt\"}".getBytes(StandardCharsets.UTF_8),
        1,
        false);
    c.connect(o);
    return c;
  }

  private static void publish(MqttClient c, String id, long seq) throws Exception {
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    MqttMessage m =
        new MqttMessage(
            ("{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":3,\"temperature_c\":24.5}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("yz/v1/st/" + STATION + "/dev/" + id + "/telemetry", m);
  }
}
