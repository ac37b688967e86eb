package org.yizhan.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.yizhan.Server;
import org.yizhan.config.ConfigLoader;
import org.yizhan.config.YizhanConfig;

/** Starts real Yizhan servers for integration tests, each on its own port and database. */
public final class TestServers {

  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

  private TestServers() {}

  /** A server on a fresh database, optionally pre-loaded with a demo network. */
  public static Server start(Optional<String> demoNetwork) throws Exception {
    return start(demoNetwork, c -> c);
  }

  /** As {@link #start(Optional)}, with the configuration adjusted first (tiles, alerts ...). */
  public static Server start(
      Optional<String> demoNetwork, java.util.function.UnaryOperator<YizhanConfig> adjust)
      throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    YizhanConfig config =
        defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withDemoNetwork(demoNetwork)
            .withHttpPort(freePort());
    return Server.start(adjust.apply(config));
  }

  /** Defaults as a user would get them, with a temp data dir and a known admin token. */
  private static final java.util.Random PORTS = new java.security.SecureRandom();

  public static YizhanConfig defaults() throws IOException {
    Path dir = Files.createTempDirectory("yizhan-test");
    YizhanConfig loaded = new ConfigLoader(Map.of()).load(Optional.empty());
    return loaded
        .withDataDir(dir)
        .withAdminToken(ADMIN_TOKEN)
        .withMqtt(loaded.mqtt().withPort(freePort()));
  }

  /**
   * A port free now, below Linux's ephemeral range (32768-60999): a port the system hands out for
   * "any port" is also where outgoing connections of the other test forks take their local ports,
   * and one of them took it between this check and the server's bind now and then ("Address already
   * in use"). Ports below that range are only taken by listeners.
   */
  public static int freePort() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = 20_000 + PORTS.nextInt(12_000);
      try (ServerSocket s = new ServerSocket(port)) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
