package org.yizhan.tools.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.TestServers;
import picocli.CommandLine;

/** Verifies that the provision command creates a working device and prints its secret once. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ProvisionCommandIT {

  @Test
  void provisionCommandPrintsCredentialsThatAuthenticate() throws Exception {
    try (Server server = TestServers.start(Optional.of("shanxi"))) {
      String station = server.registry().snapshot().list().get(0).id();
      StringWriter out = new StringWriter();
      CommandLine cli = new CommandLine(new ProvisionCommand());
      cli.setOut(new PrintWriter(out));
      int code =
          cli.execute(
              "--station",
              station,
              "--http",
              "http://127.0.0.1:" + server.port(),
              "--admin-token",
              TestServers.ADMIN_TOKEN);
      assertThat(code).isZero();
      JsonObject printed = new JsonObject(out.toString());
      assertThat(printed.getString("station_id")).isEqualTo(station);
      assertThat(
              server.devices().authenticate(printed.getString("id"), printed.getString("secret")))
          .isPresent();
      assertThat(server.devices().authenticate(printed.getString("id"), "wrong")).isEmpty();
    }
  }
}
