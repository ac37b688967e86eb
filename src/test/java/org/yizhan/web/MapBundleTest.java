package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The phone map as served (target/classes/webroot, written by the build's MapBundle step): its ES
 * modules come as one esbuild bundle, so the first list waits for a few files, not one per module;
 * the station page and the place search stay chunks of their own; index.html preloads what app.js
 * imports and sw.js precaches exactly the scripts served. MapPageModulesTest checks the modules
 * themselves; the MapPage*BrowserIT tests run the served page.
 */
class MapBundleTest {

  private static final Path SERVED = Path.of("target/classes/webroot");
  private static final Path SOURCE = Path.of("src/main/resources/webroot");

  /** Most files the first list waits for: app.js and the chunks it shares with later parts. */
  private static final int MOST_FIRST_PATH_FILES = 3;

  private static final Pattern STATIC_IMPORT =
      Pattern.compile("(?:^|[;\\n])\\s*import\\s*(?:[\\w$*{}\\s,]+from\\s*)?\"(\\.{1,2}/[^\"]+)\"");
  private static final Pattern LAZY_IMPORT =
      Pattern.compile("\\bimport\\(\"(\\.{1,2}/[^\"]+)\"\\)");
  private static final Pattern PRELOAD =
      Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">");
  private static final Pattern SHELL =
      Pattern.compile("const SHELL = \\[(.*?)\\];", Pattern.DOTALL);
  private static final Pattern SHELL_ENTRY = Pattern.compile("'(/[^']*)'");

  @Test
  void theFirstListWaitsForTheBundleNotForEachModule() throws IOException {
    assertThat(firstPath()).contains("/app.js").hasSizeLessThanOrEqualTo(MOST_FIRST_PATH_FILES);
    try (Stream<Path> modules = Files.list(SOURCE.resolve("map"))) {
      assertThat(modules.map(m -> SERVED.resolve("map").resolve(m.getFileName())))
          .as("source modules served as they are")
          .noneMatch(Files::exists);
    }
    assertThat(SERVED.resolve("i18n.js")).doesNotExist();
  }

  @Test
  void theStationPageAndThePlaceSearchStayChunksOfTheirOwn() throws IOException {
    Set<String> lazy = new LinkedHashSet<>();
    Matcher m = LAZY_IMPORT.matcher(Files.readString(SERVED.resolve("app.js")));
    while (m.find()) {
      lazy.add(Path.of("/app.js").resolveSibling(m.group(1)).normalize().toString());
    }
    assertThat(lazy)
        .as("import()s of the served app.js")
        .hasSize(2)
        .anyMatch(f -> f.startsWith("/map/station"))
        .anyMatch(f -> f.startsWith("/map/search"))
        .allMatch(f -> Files.isRegularFile(SERVED.resolve(f.substring(1))))
        .doesNotContainAnyElementsOf(firstPath());
  }

  @Test
  void indexPreloadsExactlyWhatAppJsImports() throws IOException {
    Set<String> preloaded = new LinkedHashSet<>();
    Matcher m = PRELOAD.matcher(Files.readString(SERVED.resolve("index.html")));
    while (m.find()) {
      preloaded.add(m.group(1));
    }
    Set<String> imported = firstPath();
    imported.remove("/app.js");
    assertThat(preloaded).isNotEmpty().containsExactlyInAnyOrderElementsOf(imported);
  }

  @Test
  void theServiceWorkerPrecachesExactlyTheScriptsServed() throws IOException {
    Matcher list = SHELL.matcher(Files.readString(SERVED.resolve("sw.js")));
    assertThat(list.find()).as("sw.js has a SHELL list").isTrue();
    Set<String> shell = new LinkedHashSet<>();
    Matcher m = SHELL_ENTRY.matcher(list.group(1));
    while (m.find()) {
      shell.add(m.group(1));
    }
    Set<String> served = new LinkedHashSet<>();
    try (Stream<Path> files = Files.walk(SERVED)) {
      files
          // The console and the API's documentation page are not the phone map's offline shell.
          .filter(
              f ->
                  f.toString().endsWith(".js")
                      && !f.startsWith(SERVED.resolve("admin"))
                      && !f.startsWith(SERVED.resolve("api-docs")))
          .map(f -> "/" + SERVED.relativize(f).toString().replace('\\', '/'))
          .filter(f -> !f.equals("/sw.js"))
          .forEach(served::add);
    }
    assertThat(shell.stream().filter(e -> e.endsWith(".js") && !e.startsWith("/vendor/")))
        .containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void theServiceWorkerPrecachesTheManifestAndTheIconsAHomeScreenOpensWith() throws IOException {
    Matcher list = SHELL.matcher(Files.readString(SERVED.resolve("sw.js")));
    assertThat(list.find()).isTrue();
    Set<String> shell = new LinkedHashSet<>();
    Matcher m = SHELL_ENTRY.matcher(list.group(1));
    while (m.find()) {
      shell.add(m.group(1));
    }
    Set<String> linked = new LinkedHashSet<>();
    Matcher manifest =
        Pattern.compile("\"src\": \"(/[^\"]+)\"")
            .matcher(Files.readString(SERVED.resolve("manifest.webmanifest")));
    while (manifest.find()) {
      linked.add(manifest.group(1));
    }
    assertThat(linked).contains("/icons/icon-192.png", "/icons/icon-512.png");
    linked.add("/manifest.webmanifest");
    assertThat(shell).containsAll(linked);
    assertThat(linked).allMatch(f -> Files.isRegularFile(SERVED.resolve(f.substring(1))));
    assertThat(Files.readString(SERVED.resolve("index.html")))
        .contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">")
        .contains("<link rel=\"icon\" href=\"/icons/favicon.svg\" type=\"image/svg+xml\">");
  }

  /** The served app.js and every file it imports statically, directly or not. */
  private static Set<String> firstPath() throws IOException {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add("/app.js");
    while (!todo.isEmpty()) {
      String file = todo.pop();
      if (!seen.add(file)) {
        continue;
      }
      Matcher m = STATIC_IMPORT.matcher(Files.readString(SERVED.resolve(file.substring(1))));
      while (m.find()) {
        todo.add(Path.of(file).resolveSibling(m.group(1)).normalize().toString());
      }
    }
    return seen;
  }
}
