package org.yizhan.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yizhan.Server;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;
import picocli.CommandLine;

/** The simulator against a real server with the Shanxi demo network, over real MQTT. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SimulatorIT {

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.of("shanxi"));
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static JsonObject simulate(Path dir, Path credentials, String... extra) throws Exception {
    Path summary = dir.resolve("summary-" + System.nanoTime() + ".json");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--mqtt",
                "tcp://127.0.0.1:" + server.config().mqtt().port(),
                "--http",
                "http://127.0.0.1:" + server.port(),
                "--admin-token",
                TestServers.ADMIN_TOKEN,
                "--credentials",
                credentials.toString(),
                "--stations",
                "20",
                "--interval-s",
                "1",
                "--report-s",
                "2",
                "--seed",
                "11",
                "--summary",
                summary.toString()));
    args.addAll(List.of(extra));
    Simulate sim = new Simulate();
    int code = new CommandLine(sim).execute(args.toArray(String[]::new));
    assertThat(code).isZero();
    JsonObject fromFile = new JsonObject(Files.readString(summary));
    assertThat(fromFile).isEqualTo(sim.summary());
    return fromFile;
  }

  static long devices() throws Exception {
    HttpResponse<String> r = http.send(http.admin("/api/v1/devices").GET());
    return new JsonObject(r.body()).getInteger("numberMatched");
  }

  @Test
  void healthyDevicesDeliverEveryReadingAndRestartsReuseTheirCredentials(@TempDir Path dir)
      throws Exception {
    Path creds = dir.resolve("sim-devices.csv");
    long committed = server.writer().committedReadings();
    Map<RejectReason, Long> rejected = server.rejections().counts();
    long devicesBefore = devices();

    JsonObject s =
        simulate(
            dir,
            creds,
            "--duration-s",
            "8",
            "--faulty-share",
            "0",
            "--outages-per-hour",
            "0",
            "--dropout-share",
            "0");

    assertThat(s.getLong("failed_connects")).isZero();
    assertThat(s.getLong("acknowledged_readings")).isGreaterThan(100);
    assertThat(s.getLong("acknowledged_readings")).isEqualTo(s.getLong("published_readings"));
    assertThat(s.getLong("in_flight")).isZero();
    assertThat(s.getJsonObject("latency_ms").getDouble("p50")).isPositive();
    assertThat(server.writer().committedReadings() - committed).isGreaterThan(100);
    assertThat(server.rejections().counts()).isEqualTo(rejected);
    assertThat(devices()).isEqualTo(devicesBefore + 20);

    String station = Files.readAllLines(creds).get(1).split(",")[1];
    JsonObject live = live(station);
    assertThat(live).as("live values of %s", station).isNotNull();
    assertThat(live.getInteger("occupancy")).isNotNull().isBetween(0, 1000);

    // A restart reuses the devices in the file and carries on with higher sequence numbers.
    JsonObject again =
        simulate(dir, creds, "--duration-s", "3", "--faulty-share", "0", "--outages-per-hour", "0");
    assertThat(again.getLong("acknowledged_readings")).isPositive();
    assertThat(devices()).isEqualTo(devicesBefore + 20);
    assertThat(server.rejections().counts()).isEqualTo(rejected);
  }

  /** The live values of a station, as the nearby search shows them. */
  static JsonObject live(String station) throws Exception {
    var c =
        new JsonObject(http.get("/api/v1/stations/" + station).body())
            .getJsonObject("geometry")
            .getJsonArray("coordinates");
    var features =
        new JsonObject(
                http.get(
                        "/api/v1/stations/nearby?limit=5&lat="
                            + c.getDouble(1)
                            + "&lon="
                            + c.getDouble(0))
                    .body())
            .getJsonArray("features");
    for (int i = 0; i < features.size(); i++) {
      JsonObject p = features.getJsonObject(i).getJsonObject("properties");
      if (station.equals(p.getString("id"))) {
        return p.getJsonObject("live");
      }
    }
    return null;
  }

  @Test
  void outagesEndInBackfillThatTheServerStores(@TempDir Path dir) throws Exception {
    long committed = server.writer().committedReadings();
    Map<RejectReason, Long> rejected = server.rejections().counts();
    JsonObject s =
        simulate(
            dir,
            dir.resolve("creds.csv"),
            "--duration-s",
            "8",
            "--faulty-share",
            "0",
            "--outages-per-hour",
            "180",
            "--outage-s",
            "2");
    assertThat(s.getLong("outages")).isPositive();
    assertThat(s.getLong("backfill_readings")).isPositive();
    assertThat(s.getLong("buffered")).isZero();
    assertThat(s.getLong("in_flight")).isZero();
    assertThat(server.writer().committedReadings() - committed).isGreaterThan(80);
    assertThat(server.rejections().counts()).isEqualTo(rejected);
  }

  @Test
  void faultyDevicesAreRefusedByTheServer(@TempDir Path dir) throws Exception {
    Map<RejectReason, Long> before = server.rejections().counts();
    JsonObject s =
        simulate(
            dir,
            dir.resolve("faulty.csv"),
            "--duration-s",
            "6",
            "--faulty-share",
            "1",
            "--outages-per-hour",
            "0");
    assertThat(s.getLong("expected_rejections")).isPositive();
    Map<RejectReason, Long> after = server.rejections().counts();
    long refused = 0;
    for (RejectReason r :
        List.of(
            RejectReason.SCHEMA_VIOLATION,
            RejectReason.FUTURE_TIMESTAMP,
            RejectReason.MALFORMED_JSON)) {
      refused += after.get(r) - before.get(r);
    }
    assertThat(refused).isPositive();
    // Each refusal is a message the simulator meant to be refused.
    assertThat(refused).isLessThanOrEqualTo(s.getLong("expected_rejections"));
    JsonObject api =
        new JsonObject(http.send(http.admin("/api/v1/rejections?limit=10").GET()).body());
    assertThat(
            api.getJsonObject("counts_since_start").getLong("schema_violation", 0L)
                + api.getJsonObject("counts_since_start").getLong("future_timestamp", 0L)
                + api.getJsonObject("counts_since_start").getLong("malformed_json", 0L))
        .isPositive();
  }
}
