package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.MqttConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * MQTT over TLS (README config; ingest.md step 1): with {@code mqtt.tls.key} and {@code
 * mqtt.tls.cert} naming a PEM key and certificate, the endpoint also listens with TLS on its TLS
 * port, and a device connecting through a TLS client that trusts only that certificate has its
 * reading acknowledged and stored. The key and certificate are made for the test by the openssl
 * command-line tool (Debian's {@code openssl} package).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MqttOverTlsIT {

  @Test
  void aDevicePublishesThroughTlsWithTheConfiguredPemKeyAndCertificate() throws Exception {
    Path dir = Files.createTempDirectory("mqtt-tls");
    Path key = dir.resolve("key.pem");
    Path cert = dir.resolve("cert.pem");
    selfSigned(key, cert);
    int tlsPort = TestServers.freePort();
    try (Server server =
        TestServers.start(
            Optional.empty(), c -> c.withMqtt(withTls(c.mqtt(), tlsPort, key, cert)))) {
      Http http = new Http(server.port());
      http.createStation("tls-st", "加密", 112.55, 37.87);
      JsonObject d = http.provisionDevice("tls-st", 60);
      String id = d.getString("id");

      MqttConnectOptions o = new MqttConnectOptions();
      o.setUserName(id);
      o.setPassword(d.getString("secret").toCharArray());
      o.setCleanSession(true);
      o.setSocketFactory(trusting(cert).getSocketFactory());
      MqttClient device = new MqttClient("ssl://127.0.0.1:" + tlsPort, id, new MemoryPersistence());
      device.connect(o);
      String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      MqttMessage m =
          new MqttMessage(
              ("{\"seq\":1,\"ts\":\"" + ts + "\",\"occupancy\":2}")
                  .getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      // The synchronous client returns once the PUBACK came: the reading is then committed.
      device.publish("yz/v1/st/tls-st/dev/" + id + "/telemetry", m);
      device.disconnect();
      device.close();
      assertThat(stored(server, id)).isEqualTo(1);

      // The TLS port speaks only TLS: a plain MQTT client gets no session there.
      MqttClient plain = new MqttClient("tcp://127.0.0.1:" + tlsPort, id, new MemoryPersistence());
      MqttConnectOptions p = new MqttConnectOptions();
      p.setUserName(id);
      p.setPassword(d.getString("secret").toCharArray());
      p.setConnectionTimeout(5);
      assertThatThrownBy(() -> plain.connect(p)).isInstanceOf(MqttException.class);
      plain.close();
    }
  }

  /** An EC key and a self-signed certificate for 127.0.0.1 and localhost, both PEM. */
  private static void selfSigned(Path key, Path cert) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:prime256v1",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=localhost",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout",
                    key.toString(),
                    "-out",
                    cert.toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  /** A TLS context that trusts exactly the given certificate. */
  private static SSLContext trusting(Path cert) throws Exception {
    Certificate c;
    try (InputStream in = Files.newInputStream(cert)) {
      c = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("server", c);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static MqttConfig withTls(MqttConfig m, int tlsPort, Path key, Path cert) {
    return new MqttConfig(
        m.mode(),
        m.host(),
        m.port(),
        tlsPort,
        Optional.of(key.toString()),
        Optional.of(cert.toString()),
        m.brokerUrl(),
        m.brokerUser(),
        m.brokerPassword(),
        m.sharedGroup(),
        m.clientId(),
        m.keepAliveMaxS(),
        m.maxConnections());
  }

  private static long stored(Server s, String deviceId) throws Exception {
    try (Connection c = s.database().dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement("SELECT count(*) FROM reading WHERE device_id = ?")) {
      st.setString(1, deviceId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
