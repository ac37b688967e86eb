package org.yizhan.ingest;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttServerOptions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.cluster.Duties;
import org.yizhan.cluster.InstanceClaim;
import org.yizhan.config.MqttConfig;
import org.yizhan.config.YizhanConfig;
import org.yizhan.device.ConfigDelivery;
import org.yizhan.device.DeviceModule;
import org.yizhan.ingest.internal.ConnectedDevices;
import org.yizhan.ingest.internal.DeviceConnection;
import org.yizhan.ingest.internal.MqttLimits;
import org.yizhan.lifecycle.CloseStack;
import org.yizhan.live.LiveModule;
import org.yizhan.quality.QualityRebuild;
import org.yizhan.quality.QualityRules;
import org.yizhan.quality.ReadingQuality;
import org.yizhan.station.StationRegistry;
import org.yizhan.telemetry.TelemetryDecoder;
import org.yizhan.telemetry.TelemetryTopic;

/**
 * The ingest feature as the server starts it. A reading's path, class by class: the built-in
 * endpoint ({@link MqttEndpointVerticle}) or the broker subscription ({@link BrokerSubscriber})
 * hands each PUBLISH to the {@link IngestPipeline}, which decodes it against the contract, refuses
 * it into the {@link RejectionLog} or queues it on the {@link ReadingWriter}. The writer's thread
 * judges it ({@link QualityJudge}), stores its batch ({@link BatchStore}; in broker mode announcing
 * it to the other instances through {@link LiveShare} in the same transaction), acknowledges it
 * after the commit, and hands the committed batch to {@link LiveModule#apply}, from where the live
 * push carries it to the event streams.
 *
 * <p>Before the writer starts, the judge's state is rebuilt from the recent stored readings ({@link
 * QualityRebuild}), and in broker mode the judge takes in the other instances' committed batches
 * from their announcements, so it judges each device's whole stream.
 *
 * <p>Closing stops the listeners first (no new readings), then lets the writer finish its queue.
 */
public final class IngestModule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestModule.class);

  /** How long start waits for this instance's client id to be free of another live process. */
  private static final Duration CLAIM_WAIT = Duration.ofSeconds(15);

  private final CloseStack parts;
  private final ReadingQuality quality;
  private final ReadingWriter writer;
  private final RejectionLog rejections;
  private final IngestPipeline pipeline;
  private ConfigDelivery delivery;

  /** Devices on the built-in endpoint; null in broker mode. */
  private ConnectedDevices connected;

  /** The broker subscription; null unless in broker mode. */
  private BrokerSubscriber subscriber;

  private IngestModule(
      CloseStack parts,
      ReadingQuality quality,
      ReadingWriter writer,
      RejectionLog rejections,
      IngestPipeline pipeline) {
    this.parts = parts;
    this.quality = quality;
    this.writer = writer;
    this.rejections = rejections;
    this.pipeline = pipeline;
  }

  /**
   * Starts the writer and the rejection log, then the MQTT listeners (or the broker subscription),
   * so that devices are heard only once their readings can be stored. On a failure what was started
   * is closed again.
   */
  public static IngestModule start(
      YizhanConfig config,
      DataSource ds,
      Vertx vertx,
      StationRegistry stations,
      DeviceModule devices,
      LiveModule live)
      throws Exception {
    CloseStack parts = new CloseStack();
    try {
      ReadingQuality quality = new ReadingQuality(QualityRules.DEFAULTS);
      QualityJudge judge = new QualityJudge(quality, stations::snapshot);
      Runnable recallQuality = () -> recallQuality(ds, quality, judge, false);
      Optional<LiveShare> share = Optional.empty();
      if (config.mqtt().brokerMode()) {
        // Several instances share the broker's load: each must see the others' readings live,
        // and each judge must see every reading of a device, whichever instance took it.
        share =
            Optional.of(
                parts.push(
                    "live share",
                    new LiveShare(
                        ds,
                        others -> {
                          // Judge first: once a reading shows anywhere, the judge knows it.
                          judge.observe(others);
                          live.apply(others);
                        },
                        live.presence()::heard,
                        () -> {
                          live.reload();
                          recallQuality.run();
                        })));
        // A status message reaches one instance: the others learn the device's state from it.
        live.presence().onDeclared(share.get()::announceStatus);
      }
      RejectionLog rejections =
          parts.push("rejection log", new RejectionLog(ds, config.tuning().rejectionsKept()));
      rejections.start();
      ReadingWriter writer =
          new ReadingWriter(
              ds,
              config.tuning().writerQueueReadings(),
              config.tuning().writerBatch(),
              Duration.ofSeconds(ReadingWriter.DEFAULT_STALL_S),
              new WriterHooks(judge, live::apply, share));
      share.ifPresent(LiveShare::start);
      recallQuality(ds, quality, judge, true);
      parts.push("reading writer", writer);
      writer.start();
      IngestPipeline pipeline =
          new IngestPipeline(
              new TelemetryDecoder(Clock.systemUTC()),
              devices.registry(),
              writer,
              rejections,
              live.presence(),
              Clock.systemUTC());
      IngestModule m = new IngestModule(parts, quality, writer, rejections, pipeline);
      m.delivery = m.listen(vertx, config, ds, devices, live);
      return m;
    } catch (Exception | Error e) {
      try {
        parts.close();
      } catch (Exception | Error cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Replays the recent stored readings into the quality judge, before the writer judges anything: a
   * restart then does not forget a stuck sensor. A failure is logged and start goes on: the rules
   * then start from the next readings, as they would for a new device.
   *
   * @param exclusive at start, hold the judge's lock throughout: other instances' batches heard
   *     meanwhile (broker mode) wait and are taken in after the stored ones, instead of being taken
   *     first and making the older stored ones look out of date. After a gap in listening the
   *     writer is running and must not wait; readings older than what the judge has are then simply
   *     ignored.
   */
  private static void recallQuality(
      DataSource ds, ReadingQuality quality, QualityJudge judge, boolean exclusive) {
    long started = System.nanoTime();
    try {
      long n;
      if (exclusive) {
        synchronized (quality) {
          n = QualityRebuild.replay(ds, quality.rules(), Instant.now(), judge::observe);
        }
      } else {
        n = QualityRebuild.replay(ds, quality.rules(), Instant.now(), judge::observe);
      }
      LOG.info(
          "quality: rule state rebuilt from {} stored readings in {} ms",
          n,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (SQLException | RuntimeException e) {
      LOG.warn("quality: could not rebuild the rule state from stored readings: {}", e.toString());
    }
  }

  /**
   * The built-in MQTT endpoint (plain and TLS), or the broker subscription in broker mode; returns
   * how changed device configurations reach the devices.
   */
  private ConfigDelivery listen(
      Vertx vertx, YizhanConfig config, DataSource ds, DeviceModule devices, LiveModule live)
      throws Exception {
    MqttConfig m = config.mqtt();
    if (m.brokerMode()) {
      if (m.clientId().equals("yizhan-" + ProcessHandle.current().pid())) {
        LOG.warn(
            "mqtt: no YIZHAN_MQTT_CLIENT_ID set; this run's id {} changes at every restart, so"
                + " the broker session of each earlier run stays adopted until retired"
                + " (docs/ingest.md, When a part fails): give each instance a fixed id",
            m.clientId());
      }
      // Alive before connecting: an adopter of this id's session lets go instead of fighting.
      InstanceClaim claim = parts.push("instance claim", InstanceClaim.start(ds, m.clientId()));
      if (!claim.awaitHeld(CLAIM_WAIT)) {
        throw new IllegalStateException(
            "cannot claim the broker client id "
                + m.clientId()
                + " ("
                + claim.problem()
                + "); mqtt.client.id must differ per instance");
      }
      BrokerSubscriber subscriber =
          new BrokerSubscriber(
              m.brokerUrl().orElseThrow(),
              m.clientId(),
              m.brokerUser(),
              m.brokerPassword(),
              m.sharedGroup(),
              pipeline,
              devices.registry());
      this.subscriber = subscriber;
      deploy(vertx, "broker subscription", vertx.deployVerticle(subscriber));
      return (device, payload) -> {
        subscriber.publishConfig(TelemetryTopic.config(device.stationId(), device.id()), payload);
        return ConfigDelivery.Outcome.RETAINED_ON_BROKER;
      };
    }
    ConnectedDevices connected =
        new ConnectedDevices(
            ConnectedDevices.capacityFor(m.maxConnections(), MqttConfig.FILES_KEPT_FREE));
    LOG.info("mqtt: holds at most {} devices at once", connected.capacity());
    this.connected = connected;
    devices.registry().onAccessEnded(connected::revoke);
    TelemetryDecoder encoder = new TelemetryDecoder(Clock.systemUTC());
    DeviceConnection.ConfigSource source =
        d -> Optional.of(Buffer.buffer(encoder.encodeConfig(devices.configs().configFor(d))));
    List<MqttServerOptions> listeners = new ArrayList<>();
    if (m.port() > 0) {
      listeners.add(MqttEndpointVerticle.plain(m.host(), m.port()));
    }
    m.tlsKeyPath()
        .ifPresent(
            key ->
                listeners.add(
                    MqttEndpointVerticle.tls(m.host(), m.tlsPort(), key, m.tlsCertPath().get())));
    for (MqttServerOptions listener : listeners) {
      deploy(
          vertx,
          "mqtt listener on port " + listener.getPort(),
          vertx.deployVerticle(
              () ->
                  new MqttEndpointVerticle(
                      listener,
                      devices.registry(),
                      pipeline,
                      live.presence(),
                      connected,
                      source,
                      MqttLimits.CONTRACT.withKeepAliveMax(m.keepAliveMaxS())),
              new DeploymentOptions().setInstances(config.httpInstances())));
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

  /** Waits for a deployment and has it undeployed on close, before the writer stops. */
  private void deploy(Vertx vertx, String name, io.vertx.core.Future<String> deployment)
      throws Exception {
    String id = deployment.await(30, TimeUnit.SECONDS);
    parts.push(name, () -> vertx.undeploy(id).await(15, TimeUnit.SECONDS));
  }

  /**
   * Binds ingest's meters: readings accepted, messages refused by reason, batch sizes, commit
   * latency, the writer's queue, and the connected devices or the broker connection.
   */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    IngestMeters.bind(
        registry,
        writer,
        rejections,
        connected,
        subscriber == null ? null : () -> subscriber.problem().isEmpty());
  }

  /**
   * Why readings cannot arrive from the broker now (broker mode: not connected or not subscribed);
   * always empty with the built-in endpoint, which does not depend on anything outside.
   */
  public Optional<String> brokerProblem() {
    return subscriber == null ? Optional.empty() : subscriber.problem();
  }

  /**
   * Broker mode: while this instance owns the cluster-wide duties, takes over the broker sessions
   * of dead instances ({@link SessionAdopter}). Close it before this module.
   */
  public SessionAdopter adoptDeadSessions(
      Vertx vertx, DataSource ds, Duties duties, MqttConfig mqtt, DeviceModule devices) {
    SessionAdopter adopter =
        new SessionAdopter(vertx, ds, duties, mqtt, pipeline, devices.registry());
    adopter.start();
    return adopter;
  }

  /** The data-quality judge, whose flags the admin API shows per device. */
  public ReadingQuality quality() {
    return quality;
  }

  public ReadingWriter writer() {
    return writer;
  }

  public RejectionLog rejections() {
    return rejections;
  }

  /** How a changed device configuration reaches its device. */
  public ConfigDelivery delivery() {
    return delivery;
  }

  /** Stops the listeners, then the writer (which drains its queue) and the rejection log. */
  @Override
  public void close() throws Exception {
    parts.close();
  }
}
