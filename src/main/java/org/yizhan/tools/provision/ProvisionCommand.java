package org.yizhan.tools.provision;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.yizhan.config.AdminTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code yizhan provision}: creates a device for a station through the running server's admin API
 * and prints its credentials once, for whoever flashes the device.
 */
@Command(
    name = "provision",
    mixinStandardHelpOptions = true,
    description = "Create a device for a station and print its MQTT credentials (shown once).")
public final class ProvisionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--station", required = true, description = "Station id")
  String station;

  @Option(names = "--id", description = "Device id (default: generated)")
  String id;

  @Option(
      names = "--kind",
      defaultValue = "combined",
      description = "people_counter, climate or combined")
  String kind;

  @Option(names = "--interval-s", defaultValue = "60", description = "Expected reporting interval")
  int intervalS;

  @Option(names = "--http", defaultValue = "http://127.0.0.1:8080", description = "Server URL")
  String http;

  @Option(
      names = "--admin-token",
      description = "Admin token (default: $YIZHAN_ADMIN_TOKEN, else DATA_DIR/admin-token)")
  String adminToken;

  @Option(names = "--data-dir", defaultValue = "data", description = "Where the admin token is")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    JsonObject body =
        new JsonObject()
            .put("station_id", station)
            .put("kind", kind)
            .put("expected_interval_s", intervalS);
    if (id != null) {
      body.put("id", id);
    }
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(http + "/api/v1/devices"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + AdminTokens.forClient(adminToken, dataDir))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      spec.commandLine()
          .getErr()
          .println("provisioning failed (" + r.statusCode() + "): " + r.body());
      return 1;
    }
    spec.commandLine().getOut().println(new JsonObject(r.body()).encodePrettily());
    return 0;
  }
}
