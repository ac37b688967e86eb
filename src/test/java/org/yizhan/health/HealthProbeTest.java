package org.yizhan.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Verifies that the container health probe passes only on a 200 from the readiness route. */
class HealthProbeTest {

  @Test
  void passesOnlyOn200() throws Exception {
    AtomicInteger status = new AtomicInteger(503);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/health/ready",
        exchange -> {
          byte[] body = "{\"status\":\"DOWN\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health/ready");
      assertThat(HealthProbe.probe(uri, Duration.ofSeconds(5))).as("503").isFalse();
      status.set(200);
      assertThat(HealthProbe.probe(uri, Duration.ofSeconds(5))).as("200").isTrue();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void failsWhenNothingListens() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    int port = server.getAddress().getPort();
    server.stop(0);
    URI uri = URI.create("http://127.0.0.1:" + port + "/health/ready");
    assertThat(HealthProbe.probe(uri, Duration.ofSeconds(5))).isFalse();
  }

  @Test
  void asksTheConfiguredHttpPortOnLoopback() {
    assertThat(HealthProbe.defaultUrl(null)).isEqualTo("http://127.0.0.1:8080/health/ready");
    assertThat(HealthProbe.defaultUrl(" 9090 ")).isEqualTo("http://127.0.0.1:9090/health/ready");
  }
}
