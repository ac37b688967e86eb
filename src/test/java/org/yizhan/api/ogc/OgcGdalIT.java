package org.yizhan.api.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yizhan.Server;
import org.yizhan.station.Station;

/**
 * Verifies that GDAL's OAPIF driver (Debian's {@code gdal-bin}) reads the stations through {@code
 * /ogc}: {@code ogrinfo} reports every listed station as a point layer with the fields, and {@code
 * ogr2ogr} exports all of them to GeoPackage with their positions and values. Skipped only when
 * {@code ogrinfo} is absent and {@code YIZHAN_TEST_REQUIRE_GDAL} is not set; with it set, a missing
 * GDAL fails.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OgcGdalIT {

  private static Server server;
  private static List<Station> listed;

  private static boolean present;

  @BeforeAll
  static void start() throws Exception {
    present = onPath("ogrinfo") && onPath("ogr2ogr");
    if (!present && System.getenv("YIZHAN_TEST_REQUIRE_GDAL") != null) {
      fail(
          "YIZHAN_TEST_REQUIRE_GDAL is set but ogrinfo/ogr2ogr are not on the PATH"
              + " (apt-get install gdal-bin)");
    }
    if (present) {
      server = org.yizhan.testing.TestServers.start(Optional.of("shanxi"));
      listed = server.registry().snapshot().list().stream().filter(Station::isListed).toList();
    }
  }

  /** Each test is reported as skipped, with the reason, when GDAL is absent and not required. */
  @BeforeEach
  void requireGdal() {
    Assumptions.assumeTrue(
        present,
        "GDAL's ogrinfo/ogr2ogr not found: OAPIF test skipped (apt-get install gdal-bin; set"
            + " YIZHAN_TEST_REQUIRE_GDAL=1 to make this a failure)");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private String source() {
    return "OAPIF:http://127.0.0.1:" + server.port() + "/ogc";
  }

  /** Runs a GDAL tool; fails the test unless it exits 0 within two minutes. Returns its output. */
  private static String run(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(command));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(String.join(" ", cmd) + " did not finish in 2 minutes");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + text).isZero();
    return text;
  }

  @Test
  void ogrinfoReportsEveryStationAsAPointWithTheFields() throws Exception {
    String info = run("ogrinfo", "-ro", "-so", source(), "stations");
    assertThat(listed).hasSizeGreaterThan(100);
    assertThat(info)
        .as(info)
        .contains("Geometry: Point")
        .contains("Feature Count: " + listed.size())
        .containsPattern("(?m)^name_zh: String")
        .containsPattern("(?m)^capacity: Integer")
        .containsPattern("(?m)^open_state: String")
        .containsPattern("(?m)^occupancy: ")
        .containsPattern("(?m)^occupancy_state: String")
        .containsPattern("(?m)^free_seats: ");
  }

  @Test
  void ogr2ogrExportsEveryStationToGeoPackage(@TempDir Path dir) throws Exception {
    Path gpkg = dir.resolve("stations.gpkg");
    run("ogr2ogr", "-f", "GPKG", gpkg.toString(), source(), "stations");
    assertExported(gpkg);
  }

  /** GDAL's largest page, as docs/ogc.md tells analysts to use for a large network. */
  @Test
  void ogr2ogrWithPagesOfTenThousandExportsEveryStation(@TempDir Path dir) throws Exception {
    Path gpkg = dir.resolve("stations.gpkg");
    run("ogr2ogr", "-oo", "PAGE_SIZE=10000", "-f", "GPKG", gpkg.toString(), source(), "stations");
    assertExported(gpkg);
  }

  private void assertExported(Path gpkg) throws Exception {
    String count =
        run(
            "ogrinfo",
            "-ro",
            "-q",
            gpkg.toString(),
            "-sql",
            "SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM stations");
    assertThat(count)
        .contains("n (Integer) = " + listed.size())
        .contains("ids (Integer) = " + listed.size());
    for (Station s :
        List.of(listed.get(0), listed.get(listed.size() / 2), listed.get(listed.size() - 1))) {
      String one =
          run(
              "ogrinfo",
              "-ro",
              "-q",
              gpkg.toString(),
              "-sql",
              "SELECT id, name_zh, capacity, geom FROM stations WHERE id = '" + s.id() + "'");
      assertThat(one)
          .as(one)
          .contains("name_zh (String) = " + s.nameZh())
          .contains("capacity (Integer) = " + s.capacity())
          .containsPattern(
              "POINT \\(("
                  + coordinate(s.location().lon())
                  + ") ("
                  + coordinate(s.location().lat())
                  + ")\\)");
    }
  }

  /** A coordinate as GDAL prints it, to the sixth decimal at least. */
  private static String coordinate(double v) {
    String six = String.format(java.util.Locale.ROOT, "%.6f", v);
    return java.util.regex.Pattern.quote(six.substring(0, six.length() - 1)) + "\\d*";
  }
}
