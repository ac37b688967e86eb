package org.yizhan.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.MqttConfig;
import org.yizhan.config.YizhanConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Devices at a real Mosquitto 2 judged by its dynamic security plugin, which the server keeps in
 * step with the registry (docs/ingest.md "Broker mode"): a device provisioned through the API can
 * log in and its reading is stored; it cannot publish under another device; a new secret shuts the
 * old one out; disabling it disconnects it and keeps it out. Every wait is on an observed event and
 * has a deadline.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MosquittoDynsecIT {

  private static final String ADMIN = "yizhan-server";
  private static final String ADMIN_PASSWORD = "broker-admin-pw-0123";
  private static final String STATION = "dyn-st";

  @Test
  void verifiesThatTheBrokerLetsInExactlyWhatTheRegistrySays() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.startWithDynamicSecurity(ADMIN, ADMIN_PASSWORD);
        Server a = instance(db, broker)) {
      Http http = new Http(a.port());
      http.createStation(STATION, "动态安全", 112.55, 37.87);
      JsonObject dev = http.provisionDevice(STATION, 60);
      JsonObject other = http.provisionDevice(STATION, 60);
      String id = dev.getString("id");
      String secret = dev.getString("secret");
      String own = "yz/v1/st/" + STATION + "/dev/" + id + "/telemetry";
      String foreign = "yz/v1/st/" + STATION + "/dev/" + other.getString("id") + "/telemetry";

      Session device = Session.connectWhenAllowed(broker, id, secret);
      publish(device.client, foreign, 1);
      publish(device.client, own, 2);
      waitUntil("the own reading stored", () -> count(a, "SELECT count(*) FROM reading") == 1);
      assertThat(count(a, "SELECT seq FROM reading")).as("only the own topic's").isEqualTo(2);
      assertThat(broker.logLines("Denied PUBLISH from " + id)).isEqualTo(1);

      // A new secret: the connection made with the old one ends, and the old one is refused.
      HttpResponse<String> rotated = post(http, "/api/v1/devices/" + id + "/rotate-secret");
      assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
      String newSecret = new JsonObject(rotated.body()).getString("secret");
      device.awaitLost();
      Session renewed = Session.connectWhenAllowed(broker, id, newSecret);
      assertRefused(broker, id, secret);
      publish(renewed.client, own, 3);
      waitUntil(
          "the reading under the new secret", () -> count(a, "SELECT count(*) FROM reading") == 2);

      // Disabled: disconnected at once and refused from then on.
      HttpResponse<String> disabled = post(http, "/api/v1/devices/" + id + "/disable");
      assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
      renewed.awaitLost();
      assertRefused(broker, id, newSecret);

      // Enabled again: the same secret works.
      assertThat(post(http, "/api/v1/devices/" + id + "/enable").statusCode()).isEqualTo(200);
      Session.connectWhenAllowed(broker, id, newSecret).client.disconnect();
    }
  }

  /**
   * Verifies that changes made while the broker is down are not lost: a device provisioned then
   * (its secret kept in memory and tried again) can log in once the broker is back, and a device
   * disabled then is refused.
   */
  @Test
  void verifiesThatChangesMadeWhileTheBrokerIsDownReachItWhenItIsBack() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.startWithDynamicSecurity(ADMIN, ADMIN_PASSWORD);
        Server a = instance(db, broker)) {
      Http http = new Http(a.port());
      http.createStation(STATION, "动态安全", 112.55, 37.87);
      JsonObject early = http.provisionDevice(STATION, 60);
      Session.connectWhenAllowed(broker, early.getString("id"), early.getString("secret"))
          .client
          .disconnect();

      broker.stop();
      JsonObject late = http.provisionDevice(STATION, 60);
      HttpResponse<String> disabled =
          post(http, "/api/v1/devices/" + early.getString("id") + "/disable");
      assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
      Thread.sleep(2_000); // a first attempt or two fail meanwhile
      broker.startAgain();

      Session.connectWhenAllowed(broker, late.getString("id"), late.getString("secret"))
          .client
          .disconnect();
      waitUntil(
          "the disabling reached the broker",
          () -> broker.logLines("disableClient | username=" + early.getString("id")) == 1);
      assertRefused(broker, early.getString("id"), early.getString("secret"));
    }
  }

  /**
   * Verifies the reconcile at start: a device provisioned while no instance kept the broker (its
   * secret gone with that instance) gets a broker client with its role but no password, so it
   * cannot log in until its secret is rotated, after which it can.
   */
  @Test
  void verifiesThatADeviceWhoseSecretTheBrokerNeverGotNeedsARotation() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    String id;
    String secret;
    YizhanConfig office =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort());
    try (Server setup = Server.start(office)) {
      Http http = new Http(setup.port());
      http.createStation(STATION, "动态安全", 112.55, 37.87);
      JsonObject dev = http.provisionDevice(STATION, 60);
      id = dev.getString("id");
      secret = dev.getString("secret");
    }
    try (Mosquitto broker = Mosquitto.startWithDynamicSecurity(ADMIN, ADMIN_PASSWORD);
        Server a = instance(db, broker)) {
      String created = "createClient | username=" + id;
      waitUntil("the reconcile created the client", () -> broker.logLines(created) == 1);
      assertRefused(broker, id, secret);

      HttpResponse<String> rotated =
          post(new Http(a.port()), "/api/v1/devices/" + id + "/rotate-secret");
      assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
      Session.connectWhenAllowed(broker, id, new JsonObject(rotated.body()).getString("secret"))
          .client
          .disconnect();
    }
  }

  private static Server instance(TestDatabases.Db db, Mosquitto broker) throws Exception {
    YizhanConfig base =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort())
            .withDataDir(Files.createTempDirectory("dynsec-a"));
    MqttConfig m = base.mqtt();
    return Server.start(
        base.withMqtt(
                new MqttConfig(
                    "broker",
                    m.host(),
                    m.port(),
                    m.tlsPort(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(broker.url()),
                    ADMIN,
                    ADMIN_PASSWORD,
                    "yizhan",
                    "yizhan-a"))
            .withBrokerDynsec(true));
  }

  /** A device's connection, and a latch that opens when the broker drops it. */
  private record Session(MqttClient client, CountDownLatch lost) {

    /**
     * Connects as the device once the broker lets it in: the server updates the broker a moment
     * after the API answers.
     */
    static Session connectWhenAllowed(Mosquitto broker, String id, String secret) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        MqttClient c = new MqttClient(broker.url(), id, new MemoryPersistence());
        CountDownLatch lost = new CountDownLatch(1);
        c.setCallback(
            new MqttCallback() {
              @Override
              public void connectionLost(Throwable cause) {
                lost.countDown();
              }

              @Override
              public void messageArrived(String topic, MqttMessage message) {}

              @Override
              public void deliveryComplete(IMqttDeliveryToken token) {}
            });
        try {
          c.connect(options(id, secret));
          return new Session(c, lost);
        } catch (MqttException refused) {
          c.close();
          if (System.nanoTime() > deadline) {
            throw new AssertionError("the broker did not let " + id + " in within 20 s", refused);
          }
          Thread.sleep(100);
        }
      }
    }

    void awaitLost() throws InterruptedException {
      assertThat(lost.await(10, TimeUnit.SECONDS)).as("the broker dropped the connection").isTrue();
    }
  }

  private static MqttConnectOptions options(String id, String secret) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(id);
    o.setPassword(secret.toCharArray());
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(5);
    return o;
  }

  private static void assertRefused(Mosquitto broker, String id, String secret) throws Exception {
    MqttClient c = new MqttClient(broker.url(), id, new MemoryPersistence());
    try {
      assertThatThrownBy(() -> c.connect(options(id, secret)))
          .isInstanceOf(MqttException.class)
          .satisfies(
              e ->
                  assertThat(((MqttException) e).getReasonCode())
                      .isIn(
                          (int) MqttException.REASON_CODE_NOT_AUTHORIZED,
                          (int) MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    } finally {
      c.close();
    }
  }

  private static HttpResponse<String> post(Http http, String path) throws Exception {
    return http.send(http.admin(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static void publish(MqttClient client, String topic, long seq) throws Exception {
    Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String json = "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":1}";
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish(topic, m);
  }

  private static long count(Server s, String sql) throws Exception {
    try (Connection c = s.database().dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A condition read from the system under test. */
  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitUntil(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(50);
    }
  }
}
