package org.yizhan.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The phone map's ES modules and its service worker's precache list: every module app.js imports,
 * directly or not, is in sw.js's SHELL, so a phone that was online once opens the page offline even
 * before it had asked for each module (MapPageOfflineBrowserIT proves the offline page itself).
 */
class MapPageModulesTest {

  private static final Path WEBROOT = Path.of("src/main/resources/webroot");
  private static final Pattern IMPORT =
      Pattern.compile("^import [^;]*? from '([^']+)';", Pattern.MULTILINE | Pattern.DOTALL);

  /** import('...') of a module needed only later (the station page, the place search). */
  private static final Pattern LAZY = Pattern.compile("\\bimport\\('([^']+)'\\)");

  private static final Pattern SHELL =
      Pattern.compile("const SHELL = \\[(.*?)\\];", Pattern.DOTALL);
  private static final Pattern PRELOAD =
      Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">");
  private static final Pattern ENTRY = Pattern.compile("'(/[^']*)'");

  @Test
  void everyModuleTheMapImportsIsPrecachedByTheServiceWorker() throws IOException {
    Set<String> modules = modulesFrom("/app.js", true);
    assertThat(modules).as("app.js is split into modules").hasSizeGreaterThan(5);
    assertThat(shell()).containsAll(modules);
  }

  @Test
  void everyModuleFileIsImported() throws IOException {
    Set<String> modules = modulesFrom("/app.js", true);
    try (var files = Files.list(WEBROOT.resolve("map"))) {
      assertThat(files.map(p -> "/map/" + p.getFileName()))
          .as("files in webroot/map/ that nothing imports")
          .allMatch(modules::contains);
    }
  }

  @Test
  void indexPreloadsEveryModuleImportedAtStartSoNoneWaitsForAnImportLevel() throws IOException {
    Set<String> imported = modulesFrom("/app.js", false);
    imported.remove("/app.js");
    Set<String> preloaded = new LinkedHashSet<>();
    Matcher m = PRELOAD.matcher(Files.readString(WEBROOT.resolve("index.html")));
    while (m.find()) {
      preloaded.add(m.group(1));
    }
    assertThat(preloaded).containsExactlyInAnyOrderElementsOf(imported);
  }

  /**
   * The URL paths of a module and every module it imports, directly or not; with {@code lazy} also
   * those imported when first used.
   */
  private static Set<String> modulesFrom(String entry, boolean lazy) throws IOException {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(entry);
    while (!todo.isEmpty()) {
      String path = todo.pop();
      if (!seen.add(path)) {
        continue;
      }
      String source = Files.readString(WEBROOT.resolve(path.substring(1)));
      for (Pattern p : lazy ? List.of(IMPORT, LAZY) : List.of(IMPORT)) {
        Matcher m = p.matcher(source);
        while (m.find()) {
          todo.add(Path.of(path).resolveSibling(m.group(1)).normalize().toString());
        }
      }
    }
    return seen;
  }

  private static Set<String> shell() throws IOException {
    Matcher list = SHELL.matcher(Files.readString(WEBROOT.resolve("sw.js")));
    assertThat(list.find()).as("sw.js has a SHELL list").isTrue();
    Set<String> entries = new LinkedHashSet<>();
    Matcher m = ENTRY.matcher(list.group(1));
    while (m.find()) {
      entries.add(m.group(1));
    }
    return entries;
  }
}
