package org.yizhan.warning;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.WarningsConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The CAP feed polled from a local HTTP server: a good document becomes warnings; garbage, an error
 * and a server that is down are counted and retried, and leave the manual and earlier feed warnings
 * in force.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WarningFeedIT {

  private static final AtomicReference<String> BODY = new AtomicReference<>("");
  private static Vertx feedVertx;
  private static HttpServer feedServer;
  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    feedVertx = Vertx.vertx();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    BODY.set(
        new String(
            CapSamples.sample(
                now.minus(Duration.ofHours(1)).atOffset(ZoneOffset.ofHours(8)).toString(),
                now.plus(Duration.ofHours(2)).atOffset(ZoneOffset.ofHours(8)).toString()),
            StandardCharsets.UTF_8));
    feedServer =
        feedVertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  String b = BODY.get();
                  if (b.startsWith("HTTP 5")) {
                    r.response().setStatusCode(503).end("busy");
                  } else {
                    r.response().putHeader("Content-Type", "application/xml").end(b);
                  }
                })
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + feedServer.actualPort() + "/cap.xml";
    server =
        TestServers.start(
            Optional.empty(),
            c -> c.withWarnings(WarningsConfig.DEFAULTS.withFeed(url, Duration.ofSeconds(1))));
    http = new Http(server.port());
    for (String[] s : new String[][] {{"wf-ty", "太原"}, {"wf-dt", "大同"}, {"wf-jz", "晋中"}}) {
      http.createStation(
          112.5,
          37.8,
          new JsonObject()
              .put("id", s[0])
              .put("name_zh", "源驿站" + s[0])
              .put("kind", "urban_rest_station")
              .put("capacity", 10)
              .put("opening_hours", "24/7")
              .put("city", s[1]));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (feedVertx != null) {
      feedVertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Verifies the whole life of the feed: good, garbage, an error, down, each polled again. */
  @Test
  void aGoodFeedGivesWarningsAndAFailingOneKeepsThem() throws Exception {
    JsonObject list = waitFor(l -> warnings(l, "feed").size() == 2, "the feed's two warnings");
    JsonObject heat = find(warnings(list, "feed"), "太原");
    assertThat(heat.getString("kind")).isEqualTo("heat");
    assertThat(heat.getString("level")).isEqualTo("orange");
    assertThat(heat.getString("state")).isEqualTo("in_force");
    assertThat(find(warnings(list, "feed"), "大同").getString("level")).isEqualTo("yellow");
    JsonObject ignored = list.getJsonObject("feed").getJsonObject("ignored");
    assertThat(ignored.getLong("unknown_event")).isPositive();
    assertThat(ignored.getLong("unknown_area")).isPositive();
    assertThat(ignored.getLong("not_actual")).isPositive();
    assertThat(publicWarnings("太原")).hasSize(1);

    Instant now = Instant.now();
    HttpResponse<String> manual =
        http.send(
            http.admin("/api/v1/admin/warnings")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        WarningsIT.warning(
                                "cold", "blue", "晋中", now.minusSeconds(60), now.plusSeconds(3600))
                            .encode())));
    assertThat(manual.statusCode()).as(manual.body()).isEqualTo(201);

    for (String bad : new String[] {"<html>502 Bad Gateway</html>", "HTTP 503"}) {
      long failures = failures();
      BODY.set(bad);
      waitFor(l -> l.getJsonObject("feed").getLong("failures") > failures + 1, "failed polls");
      assertThat(publicWarnings("太原")).as(bad).hasSize(1);
      assertThat(publicWarnings("晋中")).as(bad).hasSize(1);
    }

    long failures = failures();
    feedServer.close().await(10, TimeUnit.SECONDS);
    JsonObject down =
        waitFor(l -> l.getJsonObject("feed").getLong("failures") > failures + 1, "polls when down");
    assertThat(down.getJsonObject("feed").getString("last_error")).isNotBlank();
    assertThat(publicWarnings("太原")).hasSize(1);
    assertThat(publicWarnings("晋中")).hasSize(1);
    assertThat(publicWarnings("大同")).hasSize(1);
  }

  private static long failures() throws Exception {
    return adminList().getJsonObject("feed").getLong("failures");
  }

  private static JsonArray publicWarnings(String city) throws Exception {
    HttpResponse<String> r = http.get("/api/v1/warnings?city=" + city);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("warnings");
  }

  private static JsonArray warnings(JsonObject list, String source) {
    JsonArray out = new JsonArray();
    for (Object o : list.getJsonArray("warnings")) {
      if (source.equals(((JsonObject) o).getString("source"))) {
        out.add(o);
      }
    }
    return out;
  }

  private static JsonObject find(JsonArray warnings, String city) {
    for (Object o : warnings) {
      if (city.equals(((JsonObject) o).getString("city"))) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no warning for " + city + " in " + warnings.encode());
  }

  private static JsonObject adminList() throws Exception {
    HttpResponse<String> r = http.send(http.admin("/api/v1/admin/warnings").GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static JsonObject waitFor(Predicate<JsonObject> done, String what) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    JsonObject last = adminList();
    while (!done.test(last)) {
      assertThat(Instant.now()).as("waiting for %s: %s", what, last.encode()).isBefore(deadline);
      Thread.sleep(200);
      last = adminList();
    }
    return last;
  }
}
