package org.yizhan.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything the server is configured with, read once at start (YAML file, then environment
 * variables, then command-line switches) and never changed afterwards.
 *
 * @param dbUrl JDBC URL of an external PostgreSQL; empty means start the embedded one
 * @param dataDir where the embedded database and generated secrets live
 * @param adminToken bearer token for admin writes; empty means one is generated into {@code
 *     dataDir}
 * @param alerts the first admin's password, alert hysteresis and webhook targets
 * @param bodyLimits the largest request body each kind of route reads
 * @param demoNetwork demo network to load when the registry is empty ({@code shanxi} or {@code
 *     national}); empty for none
 * @param tuning sizes and periods: the writer's queue and batch, what is kept, how often things run
 */
public record YizhanConfig(
    String httpHost,
    int httpPort,
    Optional<String> dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    Path dataDir,
    Optional<String> adminToken,
    Optional<String> demoNetwork,
    TileConfig tiles,
    int httpInstances,
    BodyLimits bodyLimits,
    NetTransport netTransport,
    MqttConfig mqtt,
    AlertConfig alerts,
    Tuning tuning) {

  public YizhanConfig {
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("http port out of range: " + httpPort);
    }
    if (dbPoolSize < 1) {
      throw new IllegalArgumentException("database pool size must be positive");
    }
    java.util.Objects.requireNonNull(netTransport, "netTransport");
    java.util.Objects.requireNonNull(bodyLimits, "bodyLimits");
    if (httpInstances < 1) {
      throw new IllegalArgumentException("http instances must be positive");
    }
    java.util.Objects.requireNonNull(tuning, "tuning");
  }

  public YizhanConfig withTiles(TileConfig t) {
    return new YizhanConfig(
        httpHost,
        httpPort,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        dataDir,
        adminToken,
        demoNetwork,
        t,
        httpInstances,
        bodyLimits,
        netTransport,
        mqtt,
        alerts,
        tuning);
  }

  public YizhanConfig withHttpPort(int port) {
    return new YizhanConfig(
        httpHost,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        dataDir,
        adminToken,
        demoNetwork,
        tiles,
        httpInstances,
        bodyLimits,
        netTransport,
        mqtt,
        alerts,
        tuning);
  }

  public YizhanConfig withNetTransport(NetTransport t) {
    return new YizhanConfig(
        httpHost,
        httpPort,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        dataDir,
        adminToken,
        demoNetwork,
        tiles,
        httpInstances,
        bodyLimits,
        t,
        mqtt,
        alerts,
        tuning);
  }

  public YizhanConfig withDemoNetwork(Optional<String> network) {
    return new YizhanConfig(
        httpHost,
        httpPort,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        dataDir,
        adminToken,
        network,
        tiles,
        httpInstances,
        bodyLimits,
        netTransport,
        mqtt,
        alerts,
        tuning);
  }

  public YizhanConfig withDatabase(String url, String user, String password) {
    return new YizhanConfig(
        httpHost,
        httpPort,
        Optional.ofNullable(url),
        user,
        password,
        dbPoolSize,
        dataDir,
        adminToken,
        demoNetwork,
        tiles,
        httpInstances,
        bodyLimits,
        netTransport,
        mqtt,
        alerts,
        tuning);
  }

  public YizhanConfig withDataDir(Path dir) {
    return new YizhanConfig(
        httpHost,
        httpPort,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        dir,
        adminToken,
        demoNetwork,
        tiles,
        httpInstances,
        bodyLimits,
        netTransport,
        mqtt,
        alerts,
        tuning);
  }

  public YizhanConfig withMqtt(MqttConfig m) {
    return new YizhanConfig(
        httpHost,
        httpPort,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        dataDir,
        adminToken,
        demoNetwork,
        tiles,
        httpInstances,
        bodyLimits,
        netTransport,
        m,
        alerts,
        tuning);
  }

  public YizhanConfig withAdminToken(String token) {
    return new YizhanConfig(
        httpHost,
        httpPort,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        dataDir,
        Optional.ofNullable(token),
        demoNetwork,
        tiles,
        httpInstances,
        bodyLimits,
        netTransport,
        mqtt,
        alerts,
        tuning);
  }

  public YizhanConfig withAlerts(AlertConfig a) {
    return new YizhanConfig(
        httpHost,
        httpPort,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        dataDir,
        adminToken,
        demoNetwork,
        tiles,
        httpInstances,
        bodyLimits,
        netTransport,
        mqtt,
        a,
        tuning);
  }

  /** Readings that may wait for the database before new publishes are refused. */
  public int writerQueueReadings() {
    return tuning.writerQueueReadings();
  }

  public YizhanConfig withWriterQueueReadings(int readings) {
    return withTuning(tuning.withWriterQueueReadings(readings));
  }

  public YizhanConfig withTuning(Tuning t) {
    return new YizhanConfig(
        httpHost,
        httpPort,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        dataDir,
        adminToken,
        demoNetwork,
        tiles,
        httpInstances,
        bodyLimits,
        netTransport,
        mqtt,
        alerts,
        t);
  }
}
