package org.yizhan;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.account.Accounts;
import org.yizhan.account.AuditLog;
import org.yizhan.account.PasswordHasher;
import org.yizhan.alert.AlertBook;
import org.yizhan.alert.AlertSweeps;
import org.yizhan.alert.ConditionWatch;
import org.yizhan.alert.StartupReconciliation;
import org.yizhan.alert.notify.AlertNotices;
import org.yizhan.alert.notify.JdbcDeliveryLog;
import org.yizhan.alert.notify.RetryPolicy;
import org.yizhan.alert.notify.WebhookNotifier;
import org.yizhan.alert.notify.WebhookTarget;
import org.yizhan.api.ApiServices;
import org.yizhan.api.ApiVerticle;
import org.yizhan.api.DeviceJson;
import org.yizhan.condition.ThresholdStore;
import org.yizhan.config.AdminTokens;
import org.yizhan.config.MqttConfig;
import org.yizhan.config.NetTransport;
import org.yizhan.config.SecretFiles;
import org.yizhan.config.YizhanConfig;
import org.yizhan.db.Database;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.device.ConfigChanges;
import org.yizhan.device.ConfigDelivery;
import org.yizhan.device.DefaultDeviceAdmin;
import org.yizhan.device.DeviceConfigs;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.device.FleetWatch;
import org.yizhan.device.internal.DeviceRepository;
import org.yizhan.feedback.FeedbackStore;
import org.yizhan.feedback.RateLimiter;
import org.yizhan.health.ReadinessCheck;
import org.yizhan.history.ReadingHistory;
import org.yizhan.history.TimescaleSetup;
import org.yizhan.ingest.BrokerSubscriber;
import org.yizhan.ingest.IngestPipeline;
import org.yizhan.ingest.LiveShare;
import org.yizhan.ingest.MqttEndpointVerticle;
import org.yizhan.ingest.ReadingWriter;
import org.yizhan.ingest.RejectionLog;
import org.yizhan.ingest.WriterHooks;
import org.yizhan.ingest.internal.ConnectedDevices;
import org.yizhan.ingest.internal.DeviceConnection;
import org.yizhan.ingest.internal.MqttLimits;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.Freshness;
import org.yizhan.live.LiveHub;
import org.yizhan.live.LiveJson;
import org.yizhan.live.LivePush;
import org.yizhan.live.LiveRebuild;
import org.yizhan.live.LiveState;
import org.yizhan.live.LiveView;
import org.yizhan.quality.QualityRules;
import org.yizhan.quality.ReadingQuality;
import org.yizhan.station.Station;
import org.yizhan.station.StationRegistry;
import org.yizhan.station.internal.StationRepository;
import org.yizhan.telemetry.TelemetryDecoder;
import org.yizhan.telemetry.TelemetryTopic;

/**
 * A running Yizhan server: database, station registry and HTTP verticles, wired from one config.
 * Only wiring lives here; {@link #close()} takes everything down in reverse order.
 *
 * <p>Over 300 lines for now: every feature is still wired here by hand. Issue 14's feature modules
 * (each feature building its own parts and returning what it offers) are to shrink it; until then
 * keeping the wiring in one place shows the start order whole.
 */
public final class Server implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  /** Seed of the demo network, fixed so every demo shows the same stations. */
  public static final long DEMO_SEED = 20_221_231L;

  /** A client may send this many problem reports per window (one phone, one worker). */
  private static final int FEEDBACK_PER_CLIENT = 5;

  private static final long FEEDBACK_WINDOW_MS = 10 * 60_000L;

  private static final int WRITER_BATCH = 10_000;
  private static final int REJECTIONS_KEPT = 100_000;
  private static final long LIVE_PUSH_MS = 50;

  /** Station conditions are judged this often (device health every second). */
  private static final java.time.Duration CONDITION_SWEEP = java.time.Duration.ofSeconds(5);

  private final YizhanConfig config;
  private final Database database;
  private final Vertx vertx;
  private final StationRegistry registry;
  private final DeviceRegistry devices;
  private final ReadingWriter writer;
  private final RejectionLog rejections;
  private final String adminToken;
  private final int port;
  private final LiveShare liveShare;
  private final FleetWatch watch;
  private final WebhookNotifier notifier;
  private final JdbcDeliveryLog deliveries;

  private Server(
      YizhanConfig config,
      Database database,
      Vertx vertx,
      StationRegistry registry,
      DeviceRegistry devices,
      ReadingWriter writer,
      RejectionLog rejections,
      LiveShare liveShare,
      FleetWatch watch,
      WebhookNotifier notifier,
      JdbcDeliveryLog deliveries,
      String token,
      int port) {
    this.notifier = notifier;
    this.deliveries = deliveries;
    this.liveShare = liveShare;
    this.watch = watch;
    this.config = config;
    this.database = database;
    this.vertx = vertx;
    this.registry = registry;
    this.devices = devices;
    this.writer = writer;
    this.rejections = rejections;
    this.adminToken = token;
    this.port = port;
  }

  /** Starts everything and returns once HTTP is listening. */
  public static Server start(YizhanConfig config) throws Exception {
    long t0 = System.nanoTime();
    SecretFiles.privateDirectory(config.dataDir());
    Database db =
        config.dbUrl().isPresent()
            ? Database.external(
                config.dbUrl().get(), config.dbUser(), config.dbPassword(), config.dbPoolSize())
            : Database.embedded(config.dataDir(), config.dbPoolSize());
    Vertx vertx = null;
    ReadingWriter writer = null;
    RejectionLog rejections = null;
    LiveShare liveShare = null;
    FleetWatch watch = null;
    WebhookNotifier notifier = null;
    JdbcDeliveryLog deliveries = null;
    try {
      DataSource ds = db.dataSource();
      boolean timescale = TimescaleSetup.apply(ds);
      StationRegistry registry = StationRegistry.load(new StationRepository(ds));
      loadDemo(config, registry);
      DeviceRegistry devices = DeviceRegistry.load(new DeviceRepository(ds));
      devices.checkStationsWith(id -> registry.snapshot().find(id));
      registry.onChange(devices::stationsChanged);
      LiveState live = new LiveState();
      int liveStations = LiveRebuild.load(ds, live);
      LOG.info("live: {} stations with stored readings restored", liveStations);
      DevicePresence presence = new DevicePresence();
      ReadingQuality quality = new ReadingQuality(QualityRules.DEFAULTS);
      if (config.mqtt().brokerMode()) {
        // Several instances share the broker's load: each must see the others' readings live.
        liveShare = new LiveShare(ds, live::apply, () -> reloadLive(ds, live));
      }
      writer =
          new ReadingWriter(
              ds,
              config.writerQueueReadings(),
              WRITER_BATCH,
              Duration.ofSeconds(ReadingWriter.DEFAULT_STALL_S),
              new WriterHooks(
                  r ->
                      r.withFlags(
                          quality.assess(
                              r,
                              registry
                                  .snapshot()
                                  .find(r.stationId())
                                  .map(Station::capacity)
                                  .orElse(0),
                              r.batched())),
                  live::apply,
                  Optional.ofNullable(liveShare)));
      if (liveShare != null) {
        liveShare.start();
      }
      writer.start();
      rejections = new RejectionLog(ds, REJECTIONS_KEPT);
      rejections.start();
      Freshness freshness =
          new Freshness(id -> devices.find(id).map(d -> d.expectedIntervalS()).orElse(60));
      LiveJson liveJson = new LiveJson(freshness);
      LiveView liveView = new LiveView(live, liveJson, registry::snapshot);
      LiveHub hub = new LiveHub();
      // A configured token is used as it is: no token file is written beside it.
      String token =
          config.adminToken().isPresent()
              ? config.adminToken().get()
              : storedAdminToken(config.dataDir());
      vertx = config.netTransport().start(new VertxOptions(), "server");
      LivePush.start(
          vertx, liveView, hub, java.time.Duration.ofMillis(LIVE_PUSH_MS), Clock.systemUTC());
      // Devices first: once HTTP answers ready, the MQTT endpoint is listening too.
      IngestPipeline pipeline =
          new IngestPipeline(
              new TelemetryDecoder(Clock.systemUTC()),
              devices,
              writer,
              rejections,
              presence,
              Clock.systemUTC());
      watch = new FleetWatch(devices::list, live, presence, java.time.Instant::now);
      AlertBook alerts =
          new AlertBook(ds, java.time.Duration.ofSeconds(config.alerts().calmSeconds()));
      ThresholdStore thresholdStore = new ThresholdStore(ds);
      ConditionWatch conditions =
          new ConditionWatch(
              registry::snapshot,
              devices::list,
              live,
              freshness,
              quality,
              thresholdStore.load(),
              alerts);
      StartupReconciliation reconciliation = new StartupReconciliation(alerts, watch::states);
      watch.onEachSweep(new AlertSweeps(alerts, reconciliation, conditions, CONDITION_SWEEP));
      deliveries = new JdbcDeliveryLog(ds);
      notifier =
          new WebhookNotifier(
              vertx,
              WebhookTarget.parseAll(config.alerts().webhooksJson()),
              RetryPolicy.DEFAULT,
              deliveries);
      AlertNotices notices =
          new AlertNotices(
              id -> registry.snapshot().find(id).map(Station::nameZh),
              config.alerts().consoleUrl());
      WebhookNotifier sendTo = notifier;
      alerts.addListener(e -> sendTo.notify(notices.of(e)));
      watch.start();
      Accounts accounts = new Accounts(vertx, ds, new PasswordHasher());
      accounts.bootstrap(config.dataDir(), config.alerts().initialAdminPassword());
      DeviceConfigs configs = DeviceConfigs.load(ds);
      ConfigDelivery delivery = startMqtt(vertx, config, devices, pipeline, presence, configs);
      ApiServices services =
          new ApiServices(
              config,
              token,
              registry,
              liveView,
              hub,
              new ReadingHistory(ds, timescale),
              new DeviceJson(
                  new DefaultDeviceAdmin(
                          devices, id -> registry.snapshot().find(id), presence, live)
                      .showFlagsFrom(quality::findFlags),
                  new ConfigChanges(
                      devices, configs, new TelemetryDecoder(Clock.systemUTC()), delivery),
                  watch,
                  rejections),
              new FeedbackStore(ds),
              new RateLimiter(FEEDBACK_PER_CLIENT, FEEDBACK_WINDOW_MS),
              alerts,
              notifier,
              deliveries,
              conditions,
              thresholdStore,
              accounts,
              new AuditLog(ds),
              List.of(
                  ReadinessCheck.of(
                      "database",
                      () ->
                          db.isReachable()
                              ? Optional.empty()
                              : Optional.of(
                                  "no round trip (5 s to get a connection, then 2 s for the answer)")),
                  ReadinessCheck.of("writer", writer::stall)));
      vertx
          .deployVerticle(
              () -> new ApiVerticle(services),
              new DeploymentOptions().setInstances(config.httpInstances()))
          .await(30, TimeUnit.SECONDS);
      LOG.info(
          "ready: http://{}:{}/ with {} stations, started in {} ms",
          config.httpHost(),
          config.httpPort(),
          registry.snapshot().size(),
          (System.nanoTime() - t0) / 1_000_000);
      return new Server(
          config,
          db,
          vertx,
          registry,
          devices,
          writer,
          rejections,
          liveShare,
          watch,
          notifier,
          deliveries,
          token,
          config.httpPort());
    } catch (Exception | Error e) {
      try {
        shutDown(notifier, vertx, watch, writer, liveShare, rejections, deliveries, db);
      } catch (Exception | Error cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * The built-in MQTT endpoint (plain and TLS), or the broker subscription in broker mode; returns
   * how changed device configurations reach the devices.
   */
  private static ConfigDelivery startMqtt(
      Vertx vertx,
      YizhanConfig config,
      DeviceRegistry devices,
      IngestPipeline pipeline,
      DevicePresence presence,
      DeviceConfigs configs)
      throws Exception {
    MqttConfig m = config.mqtt();
    if (m.brokerMode()) {
      BrokerSubscriber subscriber =
          new BrokerSubscriber(
              m.brokerUrl().orElseThrow(),
              m.clientId(),
              m.brokerUser(),
              m.brokerPassword(),
              m.sharedGroup(),
              pipeline,
              devices);
      vertx.deployVerticle(subscriber).await(30, TimeUnit.SECONDS);
      return (device, payload) -> {
        subscriber.publishConfig(TelemetryTopic.config(device.stationId(), device.id()), payload);
        return ConfigDelivery.Outcome.RETAINED_ON_BROKER;
      };
    }
    ConnectedDevices connected = new ConnectedDevices();
    devices.onAccessEnded(connected::revoke);
    TelemetryDecoder encoder = new TelemetryDecoder(Clock.systemUTC());
    DeviceConnection.ConfigSource source =
        d -> Optional.of(Buffer.buffer(encoder.encodeConfig(configs.configFor(d))));
    List<MqttServerOptions> listeners = new java.util.ArrayList<>();
    if (m.port() > 0) {
      listeners.add(MqttEndpointVerticle.plain(m.host(), m.port()));
    }
    m.tlsKeyPath()
        .ifPresent(
            key ->
                listeners.add(
                    MqttEndpointVerticle.tls(m.host(), m.tlsPort(), key, m.tlsCertPath().get())));
    for (MqttServerOptions listener : listeners) {
      vertx
          .deployVerticle(
              () ->
                  new MqttEndpointVerticle(
                      listener,
                      devices,
                      pipeline,
                      presence,
                      connected,
                      source,
                      MqttLimits.CONTRACT.withKeepAliveMax(m.keepAliveMaxS())),
              new DeploymentOptions().setInstances(config.httpInstances()))
          .await(30, TimeUnit.SECONDS);
      LOG.info(
          "mqtt: devices connect{} to port {}",
          listener.isSsl() ? " with TLS" : "",
          listener.getPort());
    }
    return (device, payload) ->
        connected
            .find(device.id())
            .filter(DeviceConnection::pushConfig)
            .map(c -> ConfigDelivery.Outcome.PUSHED)
            .orElse(ConfigDelivery.Outcome.ON_NEXT_SUBSCRIBE);
  }

  private static void reloadLive(DataSource ds, LiveState live) {
    try {
      LiveRebuild.load(ds, live);
    } catch (SQLException e) {
      LOG.warn("live: reload failed: {}", e.getMessage());
    }
  }

  private static void loadDemo(YizhanConfig config, StationRegistry registry) throws Exception {
    if (config.demoNetwork().isPresent() && registry.snapshot().size() == 0) {
      String network = config.demoNetwork().get();
      List<Station> demo = DemoNetworkGenerator.generate(network, DEMO_SEED);
      registry.importAll(demo);
      LOG.info("demo: loaded the {} network ({} stations)", network, demo.size());
    }
  }

  public YizhanConfig config() {
    return config;
  }

  public int port() {
    return port;
  }

  /** The network I/O the server runs on: epoll, io_uring or nio. */
  public String netTransport() {
    return NetTransport.inUse(vertx);
  }

  public StationRegistry registry() {
    return registry;
  }

  public String adminToken() {
    return adminToken;
  }

  public Database database() {
    return database;
  }

  public DeviceRegistry devices() {
    return devices;
  }

  public ReadingWriter writer() {
    return writer;
  }

  public RejectionLog rejections() {
    return rejections;
  }

  /** Stops accepting requests, lets the verticles finish, then closes the pool and the database. */
  @Override
  public void close() throws Exception {
    LOG.info("shutdown: closing HTTP");
    shutDown(notifier, vertx, watch, writer, liveShare, rejections, deliveries, database);
    LOG.info("shutdown: complete");
  }

  /**
   * Takes down what has been started, in reverse order of need; after a failed start the parts not
   * yet made are null. The one shutdown path, for {@link #close()} and for a start that fails.
   */
  private static void shutDown(
      WebhookNotifier notifier,
      Vertx vertx,
      FleetWatch watch,
      ReadingWriter writer,
      LiveShare liveShare,
      RejectionLog rejections,
      JdbcDeliveryLog deliveries,
      Database db)
      throws Exception {
    // Before Vert.x goes: pending notifications are recorded as dropped, not silently lost.
    if (notifier != null) {
      notifier.close();
    }
    try {
      if (vertx != null) {
        vertx.close().await(15, TimeUnit.SECONDS);
      }
    } finally {
      for (AutoCloseable part : new AutoCloseable[] {watch, writer, liveShare, rejections}) {
        if (part != null) {
          part.close();
        }
      }
      if (deliveries != null) {
        deliveries.close();
      }
      db.close();
    }
  }

  /**
   * Without a configured token, one is generated on first start and kept in {@code
   * data/admin-token} (owner-readable only); the log names the file, never the token.
   */
  private static String storedAdminToken(Path dataDir) throws IOException {
    Path file = dataDir.resolve(AdminTokens.FILE_NAME);
    Optional<String> stored = SecretFiles.read(file, 16);
    if (stored.isPresent()) {
      return stored.get();
    }
    String token = SecretFiles.randomToken(24);
    SecretFiles.write(file, token + "\n");
    LOG.info("admin: generated an admin token in {}", file.toAbsolutePath());
    return token;
  }
}
