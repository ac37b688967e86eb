package org.yizhan.station;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies that a bulk import is all or nothing when PostgreSQL fails in the middle of it, not only
 * when a row is invalid. The failure is made deterministic: the test holds a row lock on one
 * station the file updates, waits until the import's transaction has written the rows before it and
 * is blocked on that lock, then ends the import's backend with {@code pg_terminate_backend} (as a
 * database restart, fail-over or an operator would). Nothing of the file may remain, in the
 * database or in what the API serves, and the client must get a 503 problem it can retry.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ImportRollbackIT {

  private static final String HEADER = "id,name_zh,kind,lat,lon,capacity,amenities,opening_hours";

  /** Stations before the import, west of Taiyuan; the file updates two of them. */
  private static final List<String> EXISTING = List.of("old-a", "old-b", "old-c");

  private static final int NEW_BEFORE_LOCK = 40;
  private static final int NEW_AFTER_LOCK = 40;

  private TestDatabases.Db db;
  private Server server;
  private Http http;

  @BeforeEach
  void start() throws Exception {
    db = TestDatabases.fresh();
    server =
        Server.start(
            TestServers.defaults()
                .withDatabase(db.url(), db.user(), db.password())
                .withHttpPort(TestServers.freePort()));
    http = new Http(server.port());
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < EXISTING.size(); i++) {
      csv.append(row(EXISTING.get(i), "旧" + i, 37.80 + i * 0.001, 112.50));
    }
    HttpResponse<String> seeded = importFile("text/csv", csv.toString());
    assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aGeoJsonImportWhoseDatabaseConnectionDiesMidwayLeavesNothingAndAsksForARetry()
      throws Exception {
    JsonArray features = new JsonArray();
    for (Map.Entry<String, double[]> e : fileStations().entrySet()) {
      features.add(feature(e.getKey(), e.getValue()[0], e.getValue()[1]));
    }
    String body =
        new JsonObject().put("type", "FeatureCollection").put("features", features).encode();
    failMidwayThenRetry("application/geo+json", body);
  }

  @Test
  void aCsvImportWhoseDatabaseConnectionDiesMidwayLeavesNothingAndAsksForARetry() throws Exception {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (Map.Entry<String, double[]> e : fileStations().entrySet()) {
      csv.append(row(e.getKey(), "新", e.getValue()[0], e.getValue()[1]));
    }
    failMidwayThenRetry("text/csv", csv.toString());
  }

  private void failMidwayThenRetry(String contentType, String file) throws Exception {
    Map<String, JsonObject> before = storedRows();
    List<String> nearbyBefore = nearbyIds();
    assertThat(before.keySet()).containsExactlyElementsOf(EXISTING);

    HttpResponse<String> failed;
    try (Connection locker = connect()) {
      locker.setAutoCommit(false);
      try (Statement st = locker.createStatement()) {
        st.execute("SELECT id FROM station WHERE id = 'old-b' FOR UPDATE");
      }
      CompletableFuture<HttpResponse<String>> answer = importFileAsync(contentType, file);
      int pid = awaitImportBlockedOnTheLock();
      try (Connection admin = connect();
          PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
        ps.setInt(1, pid);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next() && rs.getBoolean(1))
              .as("import backend %d terminated", pid)
              .isTrue();
        }
      }
      failed = answer.get(60, TimeUnit.SECONDS);
      locker.rollback();
    }

    assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(failed.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
    JsonObject problem = new JsonObject(failed.body());
    assertThat(problem.getString("type")).endsWith("/unavailable");
    assertThat(problem.getInteger("status")).isEqualTo(503);
    assertThat(problem.getString("detail")).contains("nothing was imported");
    assertThat(failed.body()).doesNotContain("Exception").doesNotContain("at org.");

    // The database holds exactly what it held before: no new row, the updated ones untouched.
    assertThat(storedRows()).isEqualTo(before);
    // What the API serves (the in-memory registry) did not change either.
    assertThat(nearbyIds()).isEqualTo(nearbyBefore);
    for (String id : fileStations().keySet()) {
      if (!EXISTING.contains(id)) {
        assertThat(http.get("/api/v1/stations/" + id).statusCode()).as(id).isEqualTo(404);
      }
    }
    JsonObject oldB = new JsonObject(http.get("/api/v1/stations/old-b").body());
    assertThat(oldB.getJsonObject("properties").getString("name_zh")).isEqualTo("旧1");
    assertThat(oldB.getJsonObject("properties").getInteger("version")).isEqualTo(1);

    // The retry the answer asked for succeeds: the server recovered from the lost connection.
    HttpResponse<String> retried = importFile(contentType, file);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    JsonObject report = new JsonObject(retried.body());
    assertThat(report.getInteger("created")).isEqualTo(NEW_BEFORE_LOCK + NEW_AFTER_LOCK);
    assertThat(report.getInteger("updated")).isEqualTo(2);
    assertThat(storedRows()).hasSize(EXISTING.size() + NEW_BEFORE_LOCK + NEW_AFTER_LOCK);
    assertThat(nearbyIds()).contains("new-000");
  }

  /**
   * The file: new stations, an update of old-a, the update of old-b (whose row the test locks),
   * then more new stations. Ids in file order; values are lat, lon.
   */
  private static Map<String, double[]> fileStations() {
    Map<String, double[]> file = new LinkedHashMap<>();
    int n = 0;
    for (int i = 0; i < NEW_BEFORE_LOCK; i++, n++) {
      file.put(String.format("new-%03d", n), new double[] {37.80 + n * 0.0005, 112.501});
    }
    file.put("old-a", new double[] {37.85, 112.52});
    file.put("old-b", new double[] {37.86, 112.52});
    for (int i = 0; i < NEW_AFTER_LOCK; i++, n++) {
      file.put(String.format("new-%03d", n), new double[] {37.80 + n * 0.0005, 112.501});
    }
    return file;
  }

  /**
   * Waits until the import's backend is blocked on the test's row lock with its own transaction
   * open (it has a transaction id: the rows before old-b are written, uncommitted); returns its
   * pid.
   */
  private int awaitImportBlockedOnTheLock() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL"
                    + " AND query LIKE 'INSERT INTO station%'")) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return rs.getInt(1);
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("the import never reached the locked row");
  }

  /** Every stored station row as JSON, by id: the database's own view, not the server's. */
  private Map<String, JsonObject> storedRows() throws SQLException {
    Map<String, JsonObject> rows = new LinkedHashMap<>();
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT id, row_to_json(s)::text FROM station s ORDER BY id")) {
      while (rs.next()) {
        rows.put(rs.getString(1), new JsonObject(rs.getString(2)));
      }
    }
    return rows;
  }

  private List<String> nearbyIds() throws Exception {
    HttpResponse<String> r = http.get("/api/v1/stations/nearby?lat=37.82&lon=112.51&limit=100");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (Object f : new JsonObject(r.body()).getJsonArray("features")) {
      ids.add(((JsonObject) f).getString("id"));
    }
    return ids;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(db.url(), db.user(), db.password());
  }

  private HttpResponse<String> importFile(String contentType, String body) throws Exception {
    return importFileAsync(contentType, body).get(60, TimeUnit.SECONDS);
  }

  private CompletableFuture<HttpResponse<String>> importFileAsync(String contentType, String body) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return http.send(
                http.admin("/api/v1/stations/import")
                    .header("Content-Type", contentType)
                    .POST(BodyPublishers.ofString(body)));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static String row(String id, String name, double lat, double lon) {
    return String.format(
        java.util.Locale.ROOT,
        "%s,%s,urban_rest_station,%.4f,%.4f,8,drinking_water,24/7\n",
        id,
        name,
        lat,
        lon);
  }

  private static JsonObject feature(String id, double lat, double lon) {
    return new JsonObject()
        .put("type", "Feature")
        .put(
            "geometry",
            new JsonObject()
                .put("type", "Point")
                .put("coordinates", new JsonArray().add(lon).add(lat)))
        .put(
            "properties",
            new JsonObject()
                .put("id", id)
                .put("name_zh", "新")
                .put("kind", "urban_rest_station")
                .put("capacity", 8)
                .put("amenities", new JsonArray().add("drinking_water"))
                .put("opening_hours", "24/7"));
  }
}
