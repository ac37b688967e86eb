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
 * @param storage how long readings and rollups are kept
 * @param corsOrigins the web origins ({@code https://host[:port]}) whose pages may call the API
 *     from a browser; empty means no cross-origin access (no CORS headers at all)
 * @param metrics whether {@code /metrics} is served, and with which token
 * @param warnings the heat and cold warning feed, if any
 * @param routing the walking network's OSM extract and graph folder
 * @param arrival whether nearby answers predict free seats on arrival, and how often the model is
 *     rebuilt
 * @param brokerHookToken the bearer token EMQX sends to the broker hooks ({@code
 *     /api/v1/broker/emqx/...}); empty means the hooks are not served
 * @param trustedProxies the reverse proxies whose forwarding headers name the client and scheme
 * @param brokerDynsec in broker mode, keep Mosquitto's dynamic security plugin in step with the
 *     device registry ({@code mqtt.broker.dynsec}); the broker user must be a dynsec admin
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
    Tuning tuning,
    StorageConfig storage,
    java.util.List<String> corsOrigins,
    MetricsConfig metrics,
    WarningsConfig warnings,
    RoutingConfig routing,
    ArrivalConfig arrival,
    Optional<String> brokerHookToken,
    TrustedProxies trustedProxies,
    boolean brokerDynsec) {

  public YizhanConfig {
    java.util.Objects.requireNonNull(brokerHookToken, "brokerHookToken");
    if (brokerHookToken.isPresent() && brokerHookToken.get().length() < 16) {
      throw new IllegalArgumentException("broker.hook.token must have at least 16 characters");
    }
    corsOrigins = java.util.List.copyOf(corsOrigins);
    for (String o : corsOrigins) {
      if (!o.matches("https?://[^/*\\s]+")) {
        throw new IllegalArgumentException(
            "http.cors.origins: each origin is scheme://host[:port] without a path or '*', got "
                + o);
      }
    }
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
    java.util.Objects.requireNonNull(storage, "storage");
    java.util.Objects.requireNonNull(metrics, "metrics");
    java.util.Objects.requireNonNull(warnings, "warnings");
    java.util.Objects.requireNonNull(routing, "routing");
    java.util.Objects.requireNonNull(arrival, "arrival");
    java.util.Objects.requireNonNull(trustedProxies, "trustedProxies");
  }

  public YizhanConfig withTiles(TileConfig t) {
    return change(c -> c.tiles = t);
  }

  public YizhanConfig withHttpPort(int port) {
    return change(c -> c.httpPort = port);
  }

  public YizhanConfig withNetTransport(NetTransport t) {
    return change(c -> c.netTransport = t);
  }

  public YizhanConfig withDemoNetwork(Optional<String> network) {
    return change(c -> c.demoNetwork = network);
  }

  public YizhanConfig withDatabase(String url, String user, String password) {
    return change(
        c -> {
          c.dbUrl = Optional.ofNullable(url);
          c.dbUser = user;
          c.dbPassword = password;
        });
  }

  public YizhanConfig withDataDir(Path dir) {
    return change(c -> c.dataDir = dir);
  }

  public YizhanConfig withMqtt(MqttConfig m) {
    return change(c -> c.mqtt = m);
  }

  public YizhanConfig withAdminToken(String token) {
    return change(c -> c.adminToken = Optional.ofNullable(token));
  }

  public YizhanConfig withAlerts(AlertConfig a) {
    return change(c -> c.alerts = a);
  }

  /** Readings that may wait for the database before new publishes are refused. */
  public int writerQueueReadings() {
    return tuning.writerQueueReadings();
  }

  public YizhanConfig withWriterQueueReadings(int readings) {
    return withTuning(tuning.withWriterQueueReadings(readings));
  }

  public YizhanConfig withTuning(Tuning t) {
    return change(c -> c.tuning = t);
  }

  public YizhanConfig withCorsOrigins(java.util.List<String> origins) {
    return change(c -> c.corsOrigins = origins);
  }

  public YizhanConfig withStorage(StorageConfig s) {
    return change(c -> c.storage = s);
  }

  public YizhanConfig withMetrics(MetricsConfig m) {
    return change(c -> c.metrics = m);
  }

  public YizhanConfig withWarnings(WarningsConfig w) {
    return change(c -> c.warnings = w);
  }

  public YizhanConfig withRouting(RoutingConfig r) {
    return change(c -> c.routing = r);
  }

  public YizhanConfig withArrival(ArrivalConfig a) {
    return change(c -> c.arrival = a);
  }

  public YizhanConfig withBrokerHookToken(String token) {
    return change(c -> c.brokerHookToken = Optional.ofNullable(token));
  }

  public YizhanConfig withTrustedProxies(TrustedProxies t) {
    return change(c -> c.trustedProxies = t);
  }

  public YizhanConfig withBrokerDynsec(boolean on) {
    return change(c -> c.brokerDynsec = on);
  }

  /** This config with some parts changed (and checked again by the constructor). */
  private YizhanConfig change(java.util.function.Consumer<Parts> edit) {
    Parts c = new Parts(this);
    edit.accept(c);
    return c.build();
  }

  /** The parts of a config while {@link #change} edits them. */
  private static final class Parts {
    String httpHost;
    int httpPort;
    Optional<String> dbUrl;
    String dbUser;
    String dbPassword;
    int dbPoolSize;
    Path dataDir;
    Optional<String> adminToken;
    Optional<String> demoNetwork;
    TileConfig tiles;
    int httpInstances;
    BodyLimits bodyLimits;
    NetTransport netTransport;
    MqttConfig mqtt;
    AlertConfig alerts;
    Tuning tuning;
    StorageConfig storage;
    java.util.List<String> corsOrigins;
    MetricsConfig metrics;
    WarningsConfig warnings;
    RoutingConfig routing;
    ArrivalConfig arrival;
    Optional<String> brokerHookToken;
    TrustedProxies trustedProxies;
    boolean brokerDynsec;

    Parts(YizhanConfig from) {
      httpHost = from.httpHost;
      httpPort = from.httpPort;
      dbUrl = from.dbUrl;
      dbUser = from.dbUser;
      dbPassword = from.dbPassword;
      dbPoolSize = from.dbPoolSize;
      dataDir = from.dataDir;
      adminToken = from.adminToken;
      demoNetwork = from.demoNetwork;
      tiles = from.tiles;
      httpInstances = from.httpInstances;
      bodyLimits = from.bodyLimits;
      netTransport = from.netTransport;
      mqtt = from.mqtt;
      alerts = from.alerts;
      tuning = from.tuning;
      storage = from.storage;
      corsOrigins = from.corsOrigins;
      metrics = from.metrics;
      warnings = from.warnings;
      routing = from.routing;
      arrival = from.arrival;
      brokerHookToken = from.brokerHookToken;
      trustedProxies = from.trustedProxies;
      brokerDynsec = from.brokerDynsec;
    }

    YizhanConfig build() {
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
          tuning,
          storage,
          corsOrigins,
          metrics,
          warnings,
          routing,
          arrival,
          brokerHookToken,
          trustedProxies,
          brokerDynsec);
    }
  }
}
