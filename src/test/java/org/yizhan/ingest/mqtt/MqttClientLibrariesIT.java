package org.yizhan.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.yizhan.Server;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The same limits and takeover rules as {@link MqttConformanceIT}, seen through real client
 * libraries (Eclipse Paho for MQTT 5 and 3.1.1), as vendors' firmware would see them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MqttClientLibrariesIT {

  static final String STATION = "mql-st-1";
  private static Server server;
  private static Http http;
  private static String deviceId;
  private static String secret;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    http.createStation(STATION, "客户端", 112.56, 37.88);
    JsonObject d = http.provisionDevice(STATION, 60);
    deviceId = d.getString("id");
    secret = d.getString("secret");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static String broker() {
    return "tcp://127.0.0.1:" + server.config().mqtt().port();
  }

  static String topic(String kind) {
    return "yz/v1/st/" + STATION + "/dev/" + deviceId + "/" + kind;
  }

  /** Paho MQTT 5 with the contract's settings. */
  static MqttConnectionOptions v5Options() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(deviceId);
    o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
    o.setCleanStart(false);
    o.setSessionExpiryInterval(86_400L);
    o.setKeepAliveInterval(60);
    o.setAutomaticReconnect(false);
    MqttMessage will = new MqttMessage("{\"state\":\"offline\",\"reason\":\"lwt\"}".getBytes());
    will.setQos(1);
    will.setRetained(true);
    o.setWill(topic("status"), will);
    return o;
  }

  static MqttMessage reading(long seq) {
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    MqttMessage m =
        new MqttMessage(
            ("{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":2}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    return m;
  }

  /**
   * Verifies that Paho MQTT 5 learns the contract's limits from the CONNACK and that the session is
   * not claimed to be present.
   */
  @Test
  void pahoV5ReadsTheLimitsFromConnack() throws Exception {
    MqttClient c = new MqttClient(broker(), deviceId, new MemoryPersistence());
    try {
      IMqttToken t = c.connectWithResult(v5Options());
      assertThat(t.getSessionPresent()).isFalse();
      MqttProperties p = t.getResponseProperties();
      assertThat(p.getReceiveMaximum()).isEqualTo(10);
      assertThat(p.getMaximumPacketSize()).isEqualTo(65_536L);
      assertThat(p.getTopicAliasMaximum()).isEqualTo(0);
      assertThat(p.getMaximumQoS()).isEqualTo(1);
      assertThat(p.getSessionExpiryInterval()).isEqualTo(0L);
      c.publish(topic("telemetry"), reading(1));
      c.disconnect();
    } finally {
      c.close();
    }
  }

  /** Changes the device's configuration; returns how the server delivered it. */
  static String changeConfig(int intervalS) throws Exception {
    var r =
        http.send(
            http.admin("/api/v1/devices/" + deviceId + "/config")
                .header("Content-Type", "application/json")
                .PUT(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("interval_s", intervalS)
                            .put("occupancy_report", "periodic")
                            .encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("delivery");
  }

  /**
   * Verifies with Paho MQTT 5 (issue 20, defect 4) that the retained config comes with RETAIN 1 and
   * a change on the established subscription with RETAIN 0, that UNSUBACK says 0x00 Success, and
   * that no config is pushed after UNSUBSCRIBE.
   */
  @Test
  void pahoV5SeesRetainFlagsAndUnsubscribe() throws Exception {
    var received = new java.util.concurrent.LinkedBlockingQueue<MqttMessage>();
    var c = new MqttAsyncClient(broker(), deviceId, new MemoryPersistence());
    try {
      MqttConnectionOptions o = v5Options();
      o.setCleanStart(true);
      c.setCallback(
          new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {}

            @Override
            public void mqttErrorOccurred(MqttException e) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
              received.add(message);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
          });
      c.connect(o).waitForCompletion(10_000);
      c.subscribe(topic("config"), 1).waitForCompletion(10_000);
      MqttMessage retained = received.poll(10, TimeUnit.SECONDS);
      assertThat(retained).isNotNull();
      assertThat(retained.isRetained()).isTrue();
      assertThat(changeConfig(40)).isEqualTo("pushed");
      MqttMessage live = received.poll(10, TimeUnit.SECONDS);
      assertThat(live).isNotNull();
      assertThat(
              new JsonObject(new String(live.getPayload(), StandardCharsets.UTF_8))
                  .getInteger("interval_s"))
          .isEqualTo(40);
      assertThat(live.isRetained()).isFalse();
      IMqttToken u = c.unsubscribe(topic("config"));
      u.waitForCompletion(10_000);
      assertThat(u.getReasonCodes()).containsExactly(0);
      assertThat(changeConfig(41)).isEqualTo("on_next_subscribe");
      c.disconnect().waitForCompletion(10_000);
      assertThat(received).isEmpty();
    } finally {
      if (c.isConnected()) {
        c.disconnectForcibly(1_000);
      }
      c.close();
    }
  }

  /**
   * Verifies with Paho MQTT 5 that an empty client id is given an Assigned Client Identifier, that
   * Request Problem Information false leaves the Reason String out of a 0x99 PUBACK, and that a
   * will with QoS 2 is refused with 0x9B.
   */
  @Test
  void pahoV5GetsAnAssignedIdAndNoProblemInformation() throws Exception {
    var c = new MqttAsyncClient(broker(), "", new MemoryPersistence());
    try {
      MqttConnectionOptions o = v5Options();
      o.setCleanStart(true);
      o.setSessionExpiryInterval(null);
      o.setRequestProblemInfo(false);
      IMqttToken t = c.connect(o);
      t.waitForCompletion(10_000);
      assertThat(t.getResponseProperties().getAssignedClientIdentifier()).isNotBlank();
      MqttMessage hot =
          new MqttMessage(
              "{\"seq\":1,\"ts\":\"2026-01-01T00:00:00Z\",\"temperature_c\":99}"
                  .getBytes(StandardCharsets.UTF_8));
      hot.setQos(1);
      IMqttToken p = c.publish(topic("telemetry"), hot);
      p.waitForCompletion(10_000);
      assertThat(p.getReasonCodes()).containsExactly(0x99);
      assertThat(
              p.getResponseProperties() == null
                  ? null
                  : p.getResponseProperties().getReasonString())
          .isNull();
      c.disconnect().waitForCompletion(10_000);
    } finally {
      if (c.isConnected()) {
        c.disconnectForcibly(1_000);
      }
      c.close();
    }
    MqttClient q = new MqttClient(broker(), deviceId, new MemoryPersistence());
    try {
      MqttConnectionOptions o = v5Options();
      MqttMessage will = new MqttMessage("{\"state\":\"offline\",\"reason\":\"lwt\"}".getBytes());
      will.setQos(2);
      will.setRetained(true);
      o.setWill(topic("status"), will);
      long before = server.rejections().count(RejectReason.QOS_NOT_SUPPORTED);
      // Paho 1.2.5 does not know 0x9B as a CONNACK code (MQTT 5 table 3-6 lists it) and reports
      // 50001 "Invalid Return code"; either way the connection is refused, and counted.
      assertThatThrownBy(() -> q.connect(o)).isInstanceOf(MqttException.class);
      assertThat(server.rejections().count(RejectReason.QOS_NOT_SUPPORTED)).isEqualTo(before + 1);
    } finally {
      q.close();
    }
  }

  /**
   * Verifies that a second Paho MQTT 5 client of the same device, with another client id, takes
   * over: the first is told 0x8E Session taken over, the second keeps publishing.
   */
  @Test
  void pahoV5SeesTheTakeover() throws Exception {
    MqttClient first = new MqttClient(broker(), deviceId, new MemoryPersistence());
    MqttClient second = new MqttClient(broker(), deviceId + "-spare", new MemoryPersistence());
    CompletableFuture<Integer> told = new CompletableFuture<>();
    first.setCallback(
        new MqttCallback() {
          @Override
          public void disconnected(MqttDisconnectResponse r) {
            told.complete(r.getReturnCode());
          }

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {}

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverURI) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    try {
      first.connect(v5Options());
      second.connect(v5Options());
      assertThat(told.get(30, TimeUnit.SECONDS)).isEqualTo(0x8E);
      second.publish(topic("telemetry"), reading(2));
      assertThat(second.isConnected()).isTrue();
      second.disconnect();
    } finally {
      first.close(true);
      second.close();
    }
  }

  /** Verifies that Paho MQTT 3.1.1 is refused a 65-character client id with return code 2. */
  @Test
  void pahoV311IsRefusedAClientIdOverSixtyFourCharacters() throws Exception {
    var c =
        new org.eclipse.paho.client.mqttv3.MqttClient(
            broker(),
            "x".repeat(65),
            new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
    var o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    o.setUserName(deviceId);
    o.setPassword(secret.toCharArray());
    o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
    try {
      assertThatThrownBy(() -> c.connect(o))
          .isInstanceOfSatisfying(
              org.eclipse.paho.client.mqttv3.MqttException.class,
              e ->
                  assertThat(e.getReasonCode())
                      .isEqualTo(
                          org.eclipse.paho.client.mqttv3.MqttException
                              .REASON_CODE_INVALID_CLIENT_ID));
    } finally {
      c.close();
    }
  }

  /**
   * Verifies that reconnects racing the close of the previous connection (a device rebooting fast,
   * or two boxes with one identity) leave no unhandled errors in the log.
   */
  @Test
  void rapidReconnectsLogNoErrors() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    try {
      List<RawMqtt> open = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        RawMqtt c = RawMqtt.open(server.config().mqtt().port(), i % 2 == 0 ? 5 : 4);
        c.send(c.connect(deviceId, deviceId, secret, 60, true, null, null, null));
        if (!open.isEmpty()) {
          open.remove(0).close(); // abruptly, while the new CONNECT is being handled
        }
        open.add(c);
      }
      open.remove(0).close();
      // The device still gets in afterwards. The CONNECTs above are handled on several event
      // loops, so one of them may still be taking over when a new connection arrives: the takeover
      // rule is "the last CONNECT handled wins", so a fresh connection may be pushed out once.
      boolean served = false;
      for (int attempt = 0; attempt < 5 && !served; attempt++) {
        try (RawMqtt c = RawMqtt.open(server.config().mqtt().port(), 5)) {
          c.send(c.connect(deviceId, deviceId, secret, 60, true, null, null, null));
          c.read(RawMqtt.CONNACK);
          c.send(RawMqtt.pingreq());
          served = c.read().type() == RawMqtt.PINGRESP;
        } catch (java.io.EOFException takenOver) {
          Thread.sleep(100);
        }
      }
      assertThat(served).as("a connection after the storm is served").isTrue();
      Thread.sleep(500); // let the server handle the last closes before the log is read
    } finally {
      root.detachAppender(log);
    }
    assertThat(log.list)
        .filteredOn(
            e ->
                e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)
                    || String.valueOf(
                            e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())
                        .contains("MQTT endpoint is closed"))
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEmpty();
  }
}
