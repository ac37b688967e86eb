package org.yizhan.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build step, not part of the server (exec-maven-plugin runs it at process-resources): serves the
 * phone map's ES modules as one bundle. The source stays split (app.js, i18n.js, map/*.js); esbuild
 * bundles what the first list needs into app.js and its shared chunks, and keeps what app.js
 * imports with {@code import()} (the station page, the place search) as chunks of their own. The
 * modules are then replaced by the bundle in the served webroot, index.html preloads the chunks
 * app.js imports, and sw.js precaches exactly the files served. Only the served copies change.
 *
 * <p>Arguments: the source webroot, the served webroot (target/classes/webroot) and a work
 * directory.
 */
public final class MapBundle {

  private static final String ENTRY = "app.js";
  private static final Pattern INPUT = Pattern.compile("\"([^\"]+)\":\\s*\\{\\s*\"bytes\"");
  private static final Pattern STATIC_IMPORT =
      Pattern.compile("(?:^|[;\\n])\\s*import\\s*(?:[\\w$*{}\\s,]+from\\s*)?\"(\\.{1,2}/[^\"]+)\"");
  private static final Pattern PRELOAD =
      Pattern.compile("[ \\t]*<link rel=\"modulepreload\" href=\"[^\"]+\">\\R");
  private static final Pattern SHELL =
      Pattern.compile("(const SHELL = \\[\\R)(.*?)(\\];)", Pattern.DOTALL);
  private static final Pattern SHELL_ENTRY = Pattern.compile("^\\s*'(/[^']*)',\\s*$");

  private MapBundle() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: MapBundle SOURCE_WEBROOT SERVED_WEBROOT WORK_DIR");
    }
    Path source = Path.of(args[0]).toAbsolutePath();
    Path served = Path.of(args[1]).toAbsolutePath();
    Path work = Path.of(args[2]).toAbsolutePath();
    Path out = work.resolve("out");
    Path meta = work.resolve("meta.json");
    deleteTree(out);
    Esbuild.extractTo(work.resolve("bin"))
        .run(
            source,
            List.of(
                ENTRY,
                "--bundle",
                "--splitting",
                "--format=esm",
                "--minify",
                "--log-level=warning",
                "--outbase=.",
                "--outdir=" + out,
                "--chunk-names=map/[name]-[hash]",
                "--metafile=" + meta));

    List<String> outputs = relativeFiles(out);
    Set<String> inputs = inputs(Files.readString(meta));
    Path record = work.resolve("served.txt");
    if (Files.exists(record)) {
      for (String old : Files.readAllLines(record)) {
        Files.deleteIfExists(served.resolve(old));
      }
    }
    for (String input : inputs) {
      Files.deleteIfExists(served.resolve(input));
    }
    for (String file : outputs) {
      Path target = served.resolve(file);
      Files.createDirectories(target.getParent());
      Files.copy(out.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.write(record, outputs);

    write(served.resolve("index.html"), preload(read(source, "index.html"), firstPath(out)));
    write(served.resolve("sw.js"), precache(read(source, "sw.js"), inputs, outputs));
  }

  /** The source files esbuild read (paths relative to the source webroot), from its metafile. */
  static Set<String> inputs(String metafile) {
    int end = metafile.indexOf("\"outputs\"");
    Matcher m = INPUT.matcher(end < 0 ? metafile : metafile.substring(0, end));
    Set<String> inputs = new LinkedHashSet<>();
    while (m.find()) {
      inputs.add(m.group(1));
    }
    if (!inputs.contains(ENTRY)) {
      throw new IllegalStateException("esbuild's metafile does not list " + ENTRY);
    }
    return inputs;
  }

  /** The chunks app.js imports statically, directly or not: what the first list waits for. */
  static List<String> firstPath(Path out) throws IOException {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(ENTRY));
    while (!todo.isEmpty()) {
      String file = todo.pop();
      if (!seen.add(file)) {
        continue;
      }
      Matcher m = STATIC_IMPORT.matcher(Files.readString(out.resolve(file)));
      while (m.find()) {
        todo.add(
            Path.of(file).resolveSibling(m.group(1)).normalize().toString().replace('\\', '/'));
      }
    }
    seen.remove(ENTRY);
    return new ArrayList<>(seen);
  }

  /** index.html with one modulepreload per chunk of the first path instead of the modules'. */
  static String preload(String index, List<String> chunks) {
    Matcher m = PRELOAD.matcher(index);
    if (!m.find()) {
      throw new IllegalStateException("index.html has no <link rel=\"modulepreload\">");
    }
    String indent = m.group().substring(0, m.group().indexOf('<'));
    StringBuilder links = new StringBuilder();
    for (String chunk : chunks) {
      links
          .append(indent)
          .append("<link rel=\"modulepreload\" href=\"/")
          .append(chunk)
          .append("\">\n");
    }
    String rest = PRELOAD.matcher(index.substring(m.end())).replaceAll("");
    return index.substring(0, m.start()) + links + rest;
  }

  /**
   * sw.js with the bundle's files in its precache list in place of the modules: where the first
   * module stood, the bundle's files; the other entries (the page, styles, Leaflet) stay.
   */
  static String precache(String sw, Set<String> inputs, List<String> outputs) {
    Matcher m = SHELL.matcher(sw);
    if (!m.find()) {
      throw new IllegalStateException("sw.js has no const SHELL = [ ... ];");
    }
    StringBuilder list = new StringBuilder();
    boolean bundleListed = false;
    for (String line : m.group(2).split("\\R")) {
      Matcher entry = SHELL_ENTRY.matcher(line);
      if (line.isBlank() || line.strip().startsWith("//")) {
        continue;
      }
      if (!entry.matches()) {
        throw new IllegalStateException("sw.js SHELL: cannot read the line " + line);
      }
      String path = entry.group(1);
      if (inputs.contains(path.substring(1))) {
        if (!bundleListed) {
          list.append(
              "  // the phone map's bundle, written at build time from app.js and its modules\n");
          outputs.forEach(file -> list.append("  '/").append(file).append("',\n"));
          bundleListed = true;
        }
      } else {
        list.append(line).append('\n');
      }
    }
    return sw.substring(0, m.start(2)) + list + sw.substring(m.start(3));
  }

  /** Files under {@code dir}, relative, with / separators, app.js first. */
  private static List<String> relativeFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted(Comparator.comparing((String f) -> !f.equals(ENTRY)).thenComparing(f -> f))
          .toList();
    }
  }

  private static String read(Path dir, String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
