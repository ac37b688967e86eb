package org.yizhan.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Builds {@link YizhanConfig} from defaults, an optional YAML file and environment variables (the
 * environment wins). Keys are flat: {@code http.port} in YAML is {@code YIZHAN_HTTP_PORT} in the
 * environment.
 */
public final class ConfigLoader {

  private final Map<String, String> env;

  public ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  /** Loads the file named by {@code file}, or by {@code YIZHAN_CONFIG}, if any. */
  public YizhanConfig load(Optional<Path> file) throws IOException {
    Optional<Path> path =
        file.or(() -> Optional.ofNullable(env.get("YIZHAN_CONFIG")).map(Path::of));
    Map<String, Object> yaml = path.isPresent() ? readYaml(path.get()) : Map.of();
    Lookup v = new Lookup(yaml, env);
    int cores = Runtime.getRuntime().availableProcessors();
    return new YizhanConfig(
        v.string("http.host", "0.0.0.0"),
        v.integer("http.port", 8080),
        v.optional("db.url"),
        v.string("db.user", "postgres"),
        v.string("db.password", ""),
        v.integer("db.pool.size", 8),
        Path.of(v.string("data.dir", "data")),
        v.optional("admin.token"),
        v.optional("demo.network"),
        TileConfig.resolve(
            v.string("tiles.provider", v.optional("tiles.url").isPresent() ? "custom" : "osm"),
            v.optional("tiles.url"),
            v.optional("tiles.attribution"),
            v.optional("tiles.crs"),
            v.optional("tiles.key")),
        v.integer("http.instances", Math.max(1, cores)),
        new BodyLimits(
            v.integer("http.max.public.body.bytes", (int) BodyLimits.DEFAULTS.publicBytes()),
            v.integer("http.max.admin.body.bytes", (int) BodyLimits.DEFAULTS.adminBytes()),
            v.integer("http.max.body.bytes", (int) BodyLimits.DEFAULTS.importBytes())),
        NetTransport.parse(v.string("net.transport", "epoll")),
        new MqttConfig(
            v.string("mqtt.mode", "endpoint"),
            v.string("mqtt.host", "0.0.0.0"),
            v.integer("mqtt.port", 1883),
            v.integer("mqtt.tls.port", 8883),
            v.optional("mqtt.tls.key"),
            v.optional("mqtt.tls.cert"),
            v.optional("mqtt.broker.url"),
            v.string("mqtt.broker.user", ""),
            v.string("mqtt.broker.password", ""),
            v.string("mqtt.shared.group", "yizhan"),
            v.string("mqtt.client.id", "yizhan-" + ProcessHandle.current().pid()),
            MqttConfig.KEEP_ALIVE_MAX_S,
            v.integer("mqtt.max.connections", 0)),
        new AlertConfig(
            v.optional("admin.password"),
            v.integer("alerts.calm.s", AlertConfig.DEFAULTS.calmSeconds()),
            v.json("alerts.webhooks", "[]"),
            v.optional("admin.console.url")),
        tuning(v),
        storage(v),
        origins(v.string("http.cors.origins", "")),
        new MetricsConfig(
            MetricsConfig.parseEnabled(v.string("metrics.enabled", "true")),
            v.optional("metrics.token")),
        new WarningsConfig(
            v.optional("warnings.feed.url"),
            Duration.ofSeconds(
                v.integer(
                    "warnings.feed.poll.s", (int) WarningsConfig.DEFAULTS.feedPoll().toSeconds()))),
        new RoutingConfig(
            v.optional("routing.osm.file").map(Path::of),
            v.optional("routing.graph.dir").map(Path::of)),
        new ArrivalConfig(
            ArrivalConfig.parseEnabled(v.string("arrival.enabled", "true")),
            Duration.ofMinutes(
                v.integer(
                    "arrival.refresh.minutes",
                    (int) ArrivalConfig.DEFAULTS.refresh().toMinutes()))),
        v.optional("broker.hook.token"),
        TrustedProxies.parse(v.string("http.trusted.proxies", "")),
        onOff("mqtt.broker.dynsec", v.string("mqtt.broker.dynsec", "false")));
  }

  /** {@code true} or {@code false}, nothing else (a typo must not silently turn a feature off). */
  private static boolean onOff(String key, String value) {
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + " must be true or false, got " + value);
    };
  }

  /** A comma-separated list (or a YAML list); blanks and trailing slashes are dropped. */
  private static java.util.List<String> origins(String list) {
    String bare = list.strip();
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    return java.util.Arrays.stream(bare.split(","))
        .map(String::strip)
        .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
        .filter(o -> !o.isEmpty())
        .toList();
  }

  private static StorageConfig storage(Lookup v) {
    StorageConfig d = StorageConfig.DEFAULTS;
    return new StorageConfig(
        Duration.ofDays(v.integer("retention.raw.days", (int) d.rawRetention().toDays())),
        StorageConfig.days(v.integer("retention.rollup.15m.days", 0)),
        StorageConfig.days(v.integer("retention.rollup.1h.days", 0)),
        StorageConfig.days(v.integer("retention.rollup.1d.days", 0)),
        Duration.ofSeconds(v.integer("rollup.fold.s", (int) d.rollupFold().toSeconds())));
  }

  private static Tuning tuning(Lookup v) {
    Tuning d = Tuning.DEFAULTS;
    return new Tuning(
        v.integer("writer.queue", d.writerQueueReadings()),
        v.integer("writer.batch", d.writerBatch()),
        v.integer("rejections.kept", d.rejectionsKept()),
        Duration.ofMillis(v.integer("live.push.ms", (int) d.livePush().toMillis())),
        Duration.ofSeconds(v.integer("conditions.sweep.s", (int) d.conditionSweep().toSeconds())),
        v.integer("feedback.per.client", d.feedbackPerClient()),
        Duration.ofSeconds(v.integer("feedback.window.s", (int) d.feedbackWindow().toSeconds())));
  }

  private static Map<String, Object> readYaml(Path path) throws IOException {
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      if (root == null) {
        return Map.of();
      }
      if (!(root instanceof Map<?, ?> m)) {
        throw new IOException(path + ": expected a YAML mapping at the top level");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) m;
      return typed;
    }
  }

  /** Resolves a dotted key against the environment first, then the nested YAML mapping. */
  private record Lookup(Map<String, Object> yaml, Map<String, String> env) {

    Optional<String> optional(String key) {
      String envKey = "YIZHAN_" + key.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
      String fromEnv = env.get(envKey);
      if (fromEnv != null && !fromEnv.isBlank()) {
        return Optional.of(fromEnv.trim());
      }
      Object node = yaml;
      for (String part : key.split("\\.")) {
        if (!(node instanceof Map<?, ?> m)) {
          return Optional.empty();
        }
        node = m.get(part);
      }
      return node == null || node instanceof Map ? Optional.empty() : Optional.of(node.toString());
    }

    /**
     * A structured value as JSON text: the environment variable holds JSON already; in YAML it is
     * written as YAML lists and mappings.
     */
    String json(String key, String fallback) {
      String envKey = "YIZHAN_" + key.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
      String fromEnv = env.get(envKey);
      if (fromEnv != null && !fromEnv.isBlank()) {
        return fromEnv.trim();
      }
      Object node = yaml;
      for (String part : key.split("\\.")) {
        if (!(node instanceof Map<?, ?> m)) {
          return fallback;
        }
        node = m.get(part);
      }
      if (node == null) {
        return fallback;
      }
      return io.vertx.core.json.Json.encode(node);
    }

    String string(String key, String fallback) {
      return optional(key).orElse(fallback);
    }

    int integer(String key, int fallback) {
      Optional<String> s = optional(key);
      if (s.isEmpty()) {
        return fallback;
      }
      try {
        return Integer.parseInt(s.get());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("config " + key + " must be an integer, got " + s.get());
      }
    }
  }
}
