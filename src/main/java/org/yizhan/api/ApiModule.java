package org.yizhan.api;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.yizhan.account.Accounts;
import org.yizhan.account.AuditLog;
import org.yizhan.account.PasswordHasher;
import org.yizhan.alert.AlertModule;
import org.yizhan.arrival.Arrivals;
import org.yizhan.config.Tuning;
import org.yizhan.config.YizhanConfig;
import org.yizhan.db.Database;
import org.yizhan.device.BrokerAccess;
import org.yizhan.device.ConfigChanges;
import org.yizhan.device.DefaultDeviceAdmin;
import org.yizhan.device.DeviceModule;
import org.yizhan.device.FleetWatch;
import org.yizhan.feedback.FeedbackStore;
import org.yizhan.feedback.RateLimiter;
import org.yizhan.health.HealthRoutes;
import org.yizhan.health.ReadinessCheck;
import org.yizhan.history.ReadingHistory;
import org.yizhan.ingest.IngestModule;
import org.yizhan.live.LiveModule;
import org.yizhan.metrics.Metrics;
import org.yizhan.planning.PlanningModule;
import org.yizhan.routing.WalkingNetwork;
import org.yizhan.station.Station;
import org.yizhan.station.StationRegistry;
import org.yizhan.storage.StorageModule;
import org.yizhan.telemetry.TelemetryDecoder;
import org.yizhan.warning.WarningModule;

/**
 * The HTTP API and web pages as the server starts them: one {@link ApiVerticle} per event loop on
 * the same port, each mounting the same route groups. Every group is made here with only the
 * services it uses, from the feature modules started before; this is where the features meet the
 * web. Closing undeploys the verticles: no request is taken after that.
 */
public final class ApiModule implements AutoCloseable {

  private final Vertx vertx;
  private final String deployment;
  private final ApiVerticle first;

  private ApiModule(Vertx vertx, String deployment, ApiVerticle first) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.first = first;
  }

  /** The features the API serves, each as its module started them. */
  public record Features(
      StationRegistry stations,
      DeviceModule devices,
      FleetWatch fleet,
      LiveModule live,
      IngestModule ingest,
      AlertModule alerts,
      PlanningModule planning,
      Metrics metrics,
      WarningModule warnings,
      WalkingNetwork walking,
      Arrivals arrivals) {}

  /**
   * Builds the route groups and deploys the verticles; returns once HTTP is listening.
   *
   * @param storage the store history reads its rollups from
   */
  public static ApiModule start(
      YizhanConfig config,
      Vertx vertx,
      Database database,
      String adminToken,
      StorageModule storage,
      Features f)
      throws Exception {
    DataSource ds = database.dataSource();
    Accounts accounts = new Accounts(vertx, ds, new PasswordHasher());
    accounts.bootstrap(config.dataDir(), config.alerts().initialAdminPassword());
    AuditLog auditLog = new AuditLog(ds);
    StationRegistry stations = f.stations();
    DeviceJson devices = deviceJson(f);
    AdminAuth admin = new AdminAuth(adminToken, accounts);
    Scopes scopes = new Scopes(stations, devices);
    Audit audit = new Audit(auditLog);
    ReadingHistory history = new ReadingHistory(ds, storage.store());
    FeedbackStore feedback = new FeedbackStore(ds);
    Tuning tuning = config.tuning();
    RateLimiter feedbackLimiter =
        new RateLimiter(tuning.feedbackPerClient(), tuning.feedbackWindow().toMillis());
    AlertModule alerts = f.alerts();
    List<ReadinessCheck> readiness =
        new java.util.ArrayList<>(
            List.of(
                ReadinessCheck.of(
                    "database",
                    () ->
                        database.isReachable()
                            ? Optional.empty()
                            : Optional.of(
                                "no round trip (5 s to get a connection, then 2 s for the answer)")),
                ReadinessCheck.of("writer", f.ingest().writer()::stall)));
    if (config.mqtt().brokerMode()) {
      readiness.add(ReadinessCheck.of("broker", f.ingest()::brokerProblem));
    }
    List<ReadinessCheck> warnings =
        List.of(ReadinessCheck.of("maintenance", () -> lateMaintenance(storage)));
    ApiDocs docs = ApiDocs.load();
    List<RouteGroup> groups =
        List.of(
            (r, k) ->
                new AccountRoutes(accounts, auditLog, k.db(), admin, audit, stations).mount(r),
            (r, k) ->
                new StationRoutes(
                        stations,
                        f.live().view(),
                        f.warnings().warnings().book(),
                        k.db(),
                        admin,
                        scopes,
                        audit,
                        k.bodies().importBody(),
                        f.walking(),
                        f.arrivals())
                    .mount(r),
            (r, k) -> new WalkingRoutes(stations, f.walking(), k.db(), admin).mount(r),
            (r, k) -> new LiveRoutes(stations, f.live().hub(), history, k.db()).mount(r),
            (r, k) -> new DeviceRoutes(devices, k.db(), admin, scopes, audit).mount(r),
            (r, k) ->
                new FeedbackRoutes(
                        feedback,
                        feedbackLimiter,
                        id -> stations.snapshot().find(id).filter(Station::isListed).isPresent(),
                        k.db(),
                        admin,
                        scopes,
                        audit)
                    .mount(r),
            (r, k) ->
                new AlertRoutes(
                        alerts.alerts(),
                        alerts.notifier(),
                        alerts.deliveries(),
                        k.db(),
                        admin,
                        scopes,
                        audit)
                    .mount(r),
            (r, k) ->
                new ThresholdRoutes(
                        alerts.thresholds(), alerts.conditions(), k.db(), admin, scopes, audit)
                    .mount(r),
            (r, k) ->
                new PlanningRoutes(
                        f.planning().service(), k.db(), admin, audit, k.bodies().importBody())
                    .mount(r),
            (r, k) -> new StorageRoutes(storage, ds, k.db(), admin).mount(r),
            (r, k) ->
                new WarningRoutes(
                        f.warnings().warnings(),
                        f.warnings().feed(),
                        stations::snapshot,
                        k.db(),
                        admin,
                        audit)
                    .mount(r),
            (r, k) ->
                new HealthRoutes(k.db(), readiness, warnings, alerts.duties()::toJson).mount(r),
            (r, k) -> docs.mount(r),
            (r, k) -> new MetricsRoutes(f.metrics(), k.db()).mount(r),
            (r, k) ->
                new EmqxHookRoutes(
                        config.brokerHookToken(), new BrokerAccess(f.devices().registry()), k.db())
                    .mount(r),
            new OgcGroup(stations, f.live(), devices, f.planning().service(), admin, scopes));
    List<ApiVerticle> made = new java.util.concurrent.CopyOnWriteArrayList<>();
    String id =
        vertx
            .deployVerticle(
                () -> {
                  ApiVerticle v = new ApiVerticle(config, groups);
                  made.add(v);
                  return v;
                },
                new DeploymentOptions().setInstances(config.httpInstances()))
            .await(30, TimeUnit.SECONDS);
    return new ApiModule(vertx, id, made.get(0));
  }

  /**
   * The storage tasks that are late, for readiness: "late: retention (last success ..., last error
   * ...)"; empty when none is.
   */
  private static Optional<String> lateMaintenance(StorageModule storage) {
    List<org.yizhan.storage.TaskStatus> late = storage.maintenance().late();
    if (late.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder b = new StringBuilder("late: ");
    for (int i = 0; i < late.size(); i++) {
      org.yizhan.storage.TaskStatus s = late.get(i);
      b.append(i == 0 ? "" : "; ").append(s.name()).append(" (last success ");
      b.append(s.lastSuccess() == null ? "never since the start" : s.lastSuccess().toString());
      if (s.lastError() != null) {
        b.append(", last error: ").append(s.lastError());
      }
      b.append(')');
    }
    return Optional.of(b.toString());
  }

  /** Device provisioning and inspection as the API renders them. */
  private static DeviceJson deviceJson(Features f) {
    DeviceModule d = f.devices();
    IngestModule ingest = f.ingest();
    return new DeviceJson(
        new DefaultDeviceAdmin(
                d.registry(),
                id -> f.stations().snapshot().find(id),
                f.live().presence(),
                f.live().state())
            .showFlagsFrom(ingest.quality()::findFlags),
        new ConfigChanges(
            d.registry(), d.configs(), new TelemetryDecoder(Clock.systemUTC()), ingest.delivery()),
        f.fleet(),
        ingest.rejections());
  }

  /**
   * The HTTP routes as mounted (every instance mounts the same), as "METHOD /path" with Vert.x's
   * {@code :name} parameters; a route for every method has no method. For the check that the
   * OpenAPI document names exactly these.
   */
  public List<String> routes() {
    List<String> out = new java.util.ArrayList<>();
    for (io.vertx.ext.web.Route r : first.routes()) {
      String path = r.getPath();
      if (path == null) {
        continue;
      }
      if (r.methods() == null || r.methods().isEmpty()) {
        out.add("* " + path + (r.isExactPath() ? "" : "*"));
      } else {
        for (io.vertx.core.http.HttpMethod m : r.methods()) {
          out.add(m.name() + " " + path + (r.isExactPath() ? "" : "*"));
        }
      }
    }
    return out;
  }

  /** Stops taking requests: the verticles are undeployed. */
  @Override
  public void close() throws Exception {
    vertx.undeploy(deployment).await(15, TimeUnit.SECONDS);
  }
}
