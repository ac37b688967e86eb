package org.yizhan;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.alert.AlertModule;
import org.yizhan.alert.MaintenanceAlerts;
import org.yizhan.api.ApiModule;
import org.yizhan.arrival.ArrivalModule;
import org.yizhan.cluster.Duties;
import org.yizhan.cluster.DutyLock;
import org.yizhan.config.AdminTokens;
import org.yizhan.config.NetTransport;
import org.yizhan.config.SecretFiles;
import org.yizhan.config.YizhanConfig;
import org.yizhan.db.Database;
import org.yizhan.demo.DemoDemandGenerator;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.device.DeviceModule;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.device.FleetWatch;
import org.yizhan.ingest.IngestModule;
import org.yizhan.ingest.ReadingWriter;
import org.yizhan.ingest.RejectionLog;
import org.yizhan.lifecycle.CloseStack;
import org.yizhan.live.LiveModule;
import org.yizhan.metrics.Metrics;
import org.yizhan.planning.PlanningModule;
import org.yizhan.routing.WalkingNetwork;
import org.yizhan.station.Station;
import org.yizhan.station.StationModule;
import org.yizhan.station.StationRegistry;
import org.yizhan.storage.StorageModule;
import org.yizhan.warning.WarningModule;

/**
 * A running Yizhan server: each feature's module started in order of need from one config, and
 * closed in reverse from one stack ({@link #close()}, or a start that fails half way).
 *
 * <p>The order: database, stations (and the demo network), devices, live state, Vert.x, ingest
 * (writer, then MQTT listeners), alerts (attached to the fleet watch, which then starts), and last
 * the HTTP API, so that once HTTP answers ready, devices can connect too.
 */
public final class Server implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  /** Seed of the demo network, fixed so every demo shows the same stations. */
  public static final long DEMO_SEED = 20_221_231L;

  private final YizhanConfig config;
  private final CloseStack running;
  private final Database database;
  private final Vertx vertx;
  private final StationRegistry registry;
  private final DeviceRegistry devices;
  private final IngestModule ingest;
  private final String adminToken;
  private final ApiModule api;
  private final ArrivalModule arrival;

  private Server(
      YizhanConfig config,
      CloseStack running,
      Database database,
      Vertx vertx,
      StationRegistry registry,
      DeviceRegistry devices,
      IngestModule ingest,
      String adminToken,
      ApiModule api,
      ArrivalModule arrival) {
    this.config = config;
    this.running = running;
    this.database = database;
    this.vertx = vertx;
    this.registry = registry;
    this.devices = devices;
    this.ingest = ingest;
    this.adminToken = adminToken;
    this.api = api;
    this.arrival = arrival;
  }

  /** Starts everything and returns once HTTP is listening. */
  public static Server start(YizhanConfig config) throws Exception {
    long t0 = System.nanoTime();
    SecretFiles.privateDirectory(config.dataDir());
    CloseStack running = new CloseStack();
    try {
      Database db =
          running.push(
              "database",
              config.dbUrl().isPresent()
                  ? Database.external(
                      config.dbUrl().get(),
                      config.dbUser(),
                      config.dbPassword(),
                      config.dbPoolSize())
                  : Database.embedded(config.dataDir(), config.dbPoolSize()));
      DataSource ds = db.dataSource();
      Metrics metrics = running.push("metrics", Metrics.create(config.metrics()));
      db.bindMetrics(metrics.registry());
      StorageModule storage = running.push("storage", StorageModule.open(ds, config.storage()));
      storage.startMaintenance();
      StationModule stationModule = StationModule.open(ds);
      StationRegistry stations = stationModule.registry();
      loadDemo(config, stations);
      DeviceModule devices = DeviceModule.open(ds, stations);
      LiveModule live = LiveModule.open(ds, stations::snapshot, devices::expectedIntervalS);
      String token = AdminTokens.forServer(config.adminToken(), config.dataDir());
      VertxOptions vertxOptions = new VertxOptions();
      Vertx vertx =
          config.netTransport().start(vertxOptions, "server", metrics.instrument(vertxOptions));
      running.push("vert.x", () -> vertx.close().await(15, TimeUnit.SECONDS));
      running.push("live", live);
      live.startPush(vertx, config.tuning().livePush());
      if (config.mqtt().brokerMode()) {
        running.push("device changes", devices.shareChanges());
        running.push("station changes", stationModule.shareChanges());
        if (config.brokerDynsec()) {
          running
              .push("broker accounts", devices.keepBrokerAccounts(vertx, config.mqtt()))
              .bindMetrics(metrics.registry());
        }
      }
      IngestModule ingest =
          running.push("ingest", IngestModule.start(config, ds, vertx, stations, devices, live));
      ingest.bindMetrics(metrics.registry());
      live.bindMetrics(metrics.registry());
      FleetWatch fleet = devices.watchFleet(live.state(), live.presence());
      fleet.bindMetrics(metrics.registry());
      Duties duties =
          config.mqtt().brokerMode()
              ? running.push("duty lock", DutyLock.start(ds))
              : Duties.single();
      duties.bindMetrics(metrics.registry());
      if (config.mqtt().brokerMode()) {
        running
            .push(
                "session adoption",
                ingest.adoptDeadSessions(vertx, ds, duties, config.mqtt(), devices))
            .bindMetrics(metrics.registry());
      }
      AlertModule alerts =
          running.push(
              "alerts",
              AlertModule.start(
                  config,
                  ds,
                  vertx,
                  stations,
                  devices.registry(),
                  live,
                  ingest.quality(),
                  fleet,
                  duties));
      alerts.bindMetrics(metrics.registry());
      MaintenanceAlerts lateMaintenance = new MaintenanceAlerts(alerts.alerts());
      storage
          .maintenance()
          .onCheck(
              (tasks, at) -> {
                if (duties.owned()) {
                  lateMaintenance.accept(tasks, at);
                }
              });
      running.push("fleet watch", fleet);
      fleet.start();
      PlanningModule planning =
          running.push(
              "planning",
              PlanningModule.start(ds, storage.store(), alerts.thresholds(), stations::snapshot));
      if (config.demoNetwork().isPresent()
          && planning
              .service()
              .seedDemand(
                  DemoDemandGenerator.SET_NAME,
                  DemoDemandGenerator.shanxi(DEMO_SEED, DemoDemandGenerator.DEFAULT_COUNT))) {
        LOG.info("demo: stored the synthetic Shanxi demand set for planners");
      }
      WarningModule warnings =
          running.push(
              "warnings", WarningModule.start(config.warnings(), ds, vertx, stations::snapshot));
      WalkingNetwork walking =
          running.push("walking network", WalkingNetwork.start(config.routing(), config.dataDir()));
      ArrivalModule arrival =
          running.push(
              "arrival",
              ArrivalModule.start(
                  config.arrival(), ds, storage.store(), live, java.time.Clock.systemUTC()));
      ApiModule api =
          running.push(
              "http",
              ApiModule.start(
                  config,
                  vertx,
                  db,
                  token,
                  storage,
                  new ApiModule.Features(
                      stations,
                      devices,
                      fleet,
                      live,
                      ingest,
                      alerts,
                      planning,
                      metrics,
                      warnings,
                      walking,
                      arrival.arrivals())));
      LOG.info(
          "ready: http://{}:{}/ with {} stations, started in {} ms",
          config.httpHost(),
          config.httpPort(),
          stations.snapshot().size(),
          (System.nanoTime() - t0) / 1_000_000);
      return new Server(
          config, running, db, vertx, stations, devices.registry(), ingest, token, api, arrival);
    } catch (Exception | Error e) {
      try {
        running.close();
      } catch (Exception | Error cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
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
    return config.httpPort();
  }

  /** The network I/O the server runs on: epoll, io_uring or nio. */
  public String netTransport() {
    return NetTransport.inUse(vertx);
  }

  public StationRegistry registry() {
    return registry;
  }

  /** The HTTP routes as mounted, "METHOD /path", for checks against the API document. */
  public List<String> httpRoutes() {
    return api.routes();
  }

  /** Free seats on arrival: {@link ArrivalModule#refresh} rebuilds its model now. */
  public ArrivalModule arrival() {
    return arrival;
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
    return ingest.writer();
  }

  public RejectionLog rejections() {
    return ingest.rejections();
  }

  /**
   * Stops taking requests and devices, lets the writer commit what it holds, then closes the pool
   * and the database: every started part, newest first.
   */
  @Override
  public void close() throws Exception {
    LOG.info("shutdown: closing HTTP");
    running.close();
    LOG.info("shutdown: complete");
  }
}
