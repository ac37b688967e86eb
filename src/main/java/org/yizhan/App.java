package org.yizhan;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.config.ConfigLoader;
import org.yizhan.config.YizhanConfig;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.station.Station;
import org.yizhan.station.StationCsv;
import org.yizhan.station.StationGeoJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line entry point: {@code serve} (the default) and {@code generate}. */
@Command(
    name = "yizhan",
    mixinStandardHelpOptions = true,
    version = "yizhan 0.1.0",
    description = "Live map and operations server for outdoor workers' rest stations.",
    subcommands = {
      App.Generate.class,
      org.yizhan.tools.sim.Simulate.class,
      org.yizhan.tools.provision.ProvisionCommand.class
    })
public final class App implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(App.class);

  @Option(
      names = "--config",
      description = "YAML config file (default: $YIZHAN_CONFIG, else built-in defaults)")
  Path configFile;

  @Option(names = "--port", description = "HTTP port (default 8080, or $YIZHAN_HTTP_PORT)")
  Integer port;

  @Option(names = "--mqtt-port", description = "MQTT port for devices (default 1883; 0 disables)")
  Integer mqttPort;

  @Option(
      names = "--demo",
      arity = "0..1",
      fallbackValue = "shanxi",
      description = "Load a demo network when the registry is empty: shanxi (default) or national")
  String demo;

  @Option(names = "--data-dir", description = "Where the embedded database lives (default ./data)")
  Path dataDir;

  public static void main(String[] args) {
    int code = new CommandLine(new App()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws Exception {
    YizhanConfig config = new ConfigLoader(System.getenv()).load(Optional.ofNullable(configFile));
    if (port != null) {
      config = config.withHttpPort(port);
    }
    if (demo != null) {
      config = config.withDemoNetwork(Optional.of(demo));
    }
    if (dataDir != null) {
      config = config.withDataDir(dataDir);
    }
    if (mqttPort != null) {
      config = config.withMqtt(config.mqtt().withPort(mqttPort));
    }
    // The hook is in place before anything starts, so SIGTERM at any moment shuts down cleanly.
    AtomicReference<Server> running = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    Server server = running.get();
                    if (server != null) {
                      server.close();
                    }
                  } catch (Exception e) {
                    LOG.error("shutdown: failed", e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "yizhan-shutdown"));
    running.set(Server.start(config));
    stopped.await();
    return 0;
  }

  /** Writes a demo network to a file, for imports and benchmarks. */
  @Command(name = "generate", description = "Write a demo network as CSV or GeoJSON.")
  static final class Generate implements Callable<Integer> {
    @Option(names = "--network", defaultValue = "shanxi", description = "shanxi or national")
    String network;

    @Option(names = "--format", defaultValue = "csv", description = "csv or geojson")
    String format;

    @Option(names = "--seed", defaultValue = "" + Server.DEMO_SEED)
    long seed;

    @Option(names = "--out", required = true, description = "Output file")
    Path out;

    @Override
    public Integer call() throws Exception {
      List<Station> stations = DemoNetworkGenerator.generate(network, seed);
      try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        switch (format) {
          case "csv" -> StationCsv.write(w, stations);
          case "geojson" -> {
            w.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
            for (int i = 0; i < stations.size(); i++) {
              w.write(StationGeoJson.feature(stations.get(i)));
              w.write(i + 1 < stations.size() ? ",\n" : "\n");
            }
            w.write("]}\n");
          }
          default ->
              throw new CommandLine.ParameterException(
                  new CommandLine(this), "--format must be csv or geojson");
        }
      }
      LOG.info("generate: wrote {} {} stations to {}", stations.size(), network, out);
      return 0;
    }
  }
}
