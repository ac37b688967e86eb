package org.yizhan.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies that every metric the Grafana dashboard (ops/grafana/dashboards/yizhan.json) queries is
 * exposed by a started server: one with the built-in MQTT endpoint and one in broker mode (the
 * compose shape), each scraped on {@code /metrics}. A renamed meter, or a typo in a query, fails
 * here instead of showing an empty panel.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardMetricsIT {

  static final Path DASHBOARD = Path.of("ops/grafana/dashboards/yizhan.json");

  /** A metric name in a PromQL query: one of the families the server exposes. */
  private static final Pattern METRIC =
      Pattern.compile("\\b(?:yizhan|vertx|jvm|hikaricp|process|system)_[a-z0-9_]+\\b");

  @Test
  void everyMetricTheDashboardQueriesIsExposed() throws Exception {
    Set<String> used = usedByDashboard(new JsonObject(Files.readString(DASHBOARD)));
    assertThat(used).as("metric names in the dashboard's queries").hasSizeGreaterThan(20);

    Set<String> exposed = new TreeSet<>();
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start();
        Server endpoint = TestServers.start(Optional.empty());
        Server brokerMode =
            Server.start(
                TestServers.defaults()
                    .withDatabase(db.url(), db.user(), db.password())
                    .withHttpPort(TestServers.freePort())
                    .withMqtt(
                        TestServers.defaults()
                            .mqtt()
                            .withBroker(broker.url(), "yizhan", "yizhan-dashboard")))) {
      System.gc(); // the GC pause timer appears with the first collection
      for (Server s : new Server[] {endpoint, brokerMode}) {
        Http http = new Http(s.port());
        http.get("/api/v1/stations"); // an HTTP request, so the HTTP meters exist
        exposed.addAll(Exposition.parse(http.get("/metrics").body()).names());
      }
    }
    assertThat(exposed).containsAll(used);
  }

  /** The metric names in every panel's queries and in the template variables. */
  static Set<String> usedByDashboard(JsonObject dashboard) {
    Set<String> names = new TreeSet<>();
    for (Object p : dashboard.getJsonArray("panels")) {
      JsonArray targets = ((JsonObject) p).getJsonArray("targets", new JsonArray());
      for (Object t : targets) {
        collect(((JsonObject) t).getString("expr"), names);
      }
    }
    for (Object v : dashboard.getJsonObject("templating").getJsonArray("list")) {
      collect(((JsonObject) v).getString("definition", ""), names);
    }
    return names;
  }

  private static void collect(String expr, Set<String> into) {
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      into.add(m.group());
    }
  }
}
