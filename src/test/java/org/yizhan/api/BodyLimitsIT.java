package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Verifies that each route reads no more body than it needs: a few KB where anyone may post, the
 * large limit only for an authenticated import, and that an over-limit or unauthenticated large
 * body is answered from its headers, before the body is sent.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BodyLimitsIT {

  private static final int SIXTEEN_MIB = 16 * 1024 * 1024;

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    http.createStation("limits-1", "限制站", 112.5, 37.8);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void anOversizedLoginIsRefusedFromItsContentLengthWithoutWaitingForTheBody() throws Exception {
    String head =
        headersOnly("/api/v1/auth/login", "Content-Type: application/json", SIXTEEN_MIB, null);
    assertThat(head).startsWith("HTTP/1.1 413");
    assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
  }

  @Test
  void aLargeImportIsAuthenticatedBeforeItsBodyIsRead() throws Exception {
    String head =
        headersOnly("/api/v1/stations/import", "Content-Type: text/csv", 10_000_000, null);
    assertThat(head).startsWith("HTTP/1.1 401");
    assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
  }

  @Test
  void aClientThatKeepsSendingARefusedBodyIsDisconnected() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/json\r\nContent-Length: "
                  + SIXTEEN_MIB
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] chunk = new byte[4096];
      byte[] buf = new byte[4096];
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
      boolean closed = false;
      StringBuilder answer = new StringBuilder();
      // Keep sending a little, ignoring the answer, as a flood would; the server must hang up.
      while (!closed && System.nanoTime() < deadline) {
        try {
          out.write(chunk);
          out.flush();
        } catch (IOException e) {
          closed = true;
        }
        while (!closed && in.available() > 0) {
          int n = in.read(buf);
          closed = n < 0;
          if (n > 0) {
            answer.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
          }
        }
        Thread.sleep(50);
      }
      assertThat(answer.toString()).startsWith("HTTP/1.1 413");
      assertThat(closed).as("the server closed the connection").isTrue();
    }
  }

  @Test
  void anErrorOnARequestWithoutBodyKeepsTheConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < 2; i++) {
        out.write(
            "GET /api/v1/no-such-thing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        assertThat(head).startsWith("HTTP/1.1 404");
        assertThat(head.toLowerCase()).doesNotContain("connection: close");
        int length =
            Integer.parseInt(
                head.toLowerCase().split("content-length: ")[1].split("\r\n")[0].strip());
        in.readNBytes(length);
      }
    }
  }

  @Test
  void aLoginBodyOfAFewTensOfKilobytesIs413() throws Exception {
    String padded = "{\"username\":\"admin\",\"password\":\"" + "x".repeat(64 * 1024) + "\"}";
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(padded)));
    assertProblem(r, 413);
  }

  @Test
  void aChunkedLoginBodyIsCutOffAtTheLimit() throws Exception {
    byte[] big = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    // An input stream of unknown length goes out chunked, without Content-Length.
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
    assertProblem(r, 413);
  }

  @Test
  void aFeedbackBodyOverTheAnonymousLimitIs413() throws Exception {
    String body = "{\"kind\":\"other\",\"text\":\"" + " ".repeat(20_000) + "\"}";
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/stations/limits-1/feedback")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body)));
    assertProblem(r, 413);
  }

  @Test
  void anAdminJsonBodyOverItsLimitIs413() throws Exception {
    byte[] big = new byte[1024 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/stations")
                .header("Content-Type", "application/geo+json")
                .POST(BodyPublishers.ofByteArray(big)));
    assertProblem(r, 413);
  }

  @Test
  void anAuthenticatedImportStillReadsABodyOfSeveralMegabytes() throws Exception {
    String feature =
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[112.6,37.9]},"
            + "\"properties\":{\"id\":\"limits-import\",\"name_zh\":\"导入站\","
            + "\"kind\":\"urban_rest_station\",\"capacity\":5,\"opening_hours\":\"24/7\"}}";
    String body =
        "{\"type\":\"FeatureCollection\",\"features\":["
            + feature
            + "]"
            + " ".repeat(4 * 1024 * 1024)
            + "}";
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/stations/import")
                .header("Content-Type", "application/geo+json")
                .POST(BodyPublishers.ofString(body)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(server.registry().snapshot().find("limits-import")).isPresent();
  }

  /**
   * Sends only the request line and headers, announcing a body of {@code length} bytes, and returns
   * the head of the answer; fails if no answer comes while the body is still unsent.
   */
  private static String headersOnly(String path, String contentType, long length, String auth)
      throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      String req =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + contentType
              + "\r\n"
              + (auth == null ? "" : "Authorization: " + auth + "\r\n")
              + "Content-Length: "
              + length
              + "\r\n\r\n";
      out.write(req.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return readHead(s.getInputStream());
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static void assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(new JsonObject(r.body()).getInteger("status")).isEqualTo(status);
  }
}
