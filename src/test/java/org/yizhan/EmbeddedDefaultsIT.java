package org.yizhan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yizhan.config.YizhanConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Verifies the README promise: with nothing configured the server runs on an embedded PostgreSQL
 * whose data survives a restart, and shutting down releases the port and the database.
 */
class EmbeddedDefaultsIT {

  @Test
  void embeddedDatabaseKeepsStationsAcrossARestart() throws Exception {
    YizhanConfig config =
        TestServers.defaults()
            .withHttpPort(TestServers.freePort())
            .withDemoNetwork(Optional.of("shanxi"));
    assertThat(config.dbUrl()).isEmpty();

    String createdId;
    try (Server first = Server.start(config)) {
      assertThat(first.registry().snapshot().size()).isEqualTo(4_640);
      Http http = new Http(first.port());
      assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
      HttpResponse<String> created =
          http.send(
              http.admin("/api/v1/stations")
                  .header("Content-Type", "application/geo+json")
                  .POST(
                      BodyPublishers.ofString(
                          "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                              + "\"coordinates\":[112.5,37.8]},\"properties\":{\"name_zh\":\"重启测试\","
                              + "\"kind\":\"drivers_home\",\"capacity\":12,\"opening_hours\":\"24/7\"}}")));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      createdId = new JsonObject(created.body()).getString("id");
    }
    assertThat(Files.isRegularFile(config.dataDir().resolve("pg/PG_VERSION"))).isTrue();
    try (ServerSocket ignored = new ServerSocket(config.httpPort())) {
      // The HTTP port was released by the shutdown.
    }

    try (Server second = Server.start(config)) {
      assertThat(second.registry().snapshot().size()).isEqualTo(4_641);
      HttpResponse<String> got = new Http(second.port()).get("/api/v1/stations/" + createdId);
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(got.body()).getJsonObject("properties").getString("name_zh"))
          .isEqualTo("重启测试");
    }
  }
}
