package org.yizhan.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * The public map page on a phone (issue 5), in Debian's headless chromium driven by Selenium, with
 * the throttling of Chrome DevTools (CDP) and no tiles (every host but 127.0.0.1 is unresolvable).
 *
 * <pre>java -cp benchmarks.jar org.yizhan.bench.PhoneMapBench BASE_URL render|pan RUNS OUT_FILE
 *     [--timeout-s=30] [--profiles=none,slow4g,3g]</pre>
 *
 * <ul>
 *   <li>{@code render}: cold loads of {@code BASE_URL/} at 390×844 (DPR 2, mobile) with a fixed
 *       position in central Taiyuan, per network profile: the time of the page's own {@code
 *       performance.mark('yz-first-useful')} (the nearest-stations list first shows results),
 *       DOMContentLoaded, load, and the bytes transferred and requests made up to the mark (all of
 *       them up to the timeout when the mark never comes). A fresh browser and profile per run,
 *       after one unthrottled warm-up load of the server; the runs of the profiles are interleaved.
 *       Prints {@code RENDER_RUN} lines, one {@code RENDER} line per profile (median, min, max) and
 *       a {@code RENDER_RATIO} line against the unthrottled baseline.
 *   <li>{@code pan}: CPU ×4 slower, no network throttling, long tasks ({@code PerformanceObserver}
 *       for {@code longtask}, installed before the page's own scripts) while a script pans and
 *       zooms the map through {@code window.yizhanMap} (or drags #map when the page does not expose
 *       its map). Prints one {@code PAN_RUN} line per run and a {@code PAN} line with the worst.
 * </ul>
 *
 * Every line printed is also appended to OUT_FILE. {@code -Dyz.debug=true} also prints each render
 * run's resource timings to stderr.
 */
public final class PhoneMapBench {

  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final String MARK = "yz-first-useful";
  private static final double TAIYUAN_LAT = 37.8706;
  private static final double TAIYUAN_LON = 112.5489;
  private static final int WIDTH = 390;
  private static final int HEIGHT = 844;
  private static final int CPU_SLOWDOWN = 4;

  /** A network and CPU profile; bytes per second as CDP takes them, -1 = no throttling. */
  record Profile(
      String name, int cpuRate, double latencyMs, double downBytesPerS, double upBytesPerS) {
    boolean throttlesNetwork() {
      return downBytesPerS > 0;
    }
  }

  /** Lighthouse's "Slow 4G" (formerly "Fast 3G"): 150 ms, 1.6 Mbit/s down, 750 kbit/s up. */
  static final Profile SLOW_4G = new Profile("slow4g", CPU_SLOWDOWN, 150, 1_638_400 / 8.0, 96_000);

  /** DevTools' old "Regular 3G": 300 ms, 750 kbit/s down, 250 kbit/s up. */
  static final Profile REGULAR_3G = new Profile("3g", CPU_SLOWDOWN, 300, 96_000, 32_000);

  /** The baseline: no throttling at all. */
  static final Profile NONE = new Profile("none", 1, 0, -1, -1);

  private static final String LONGTASK_OBSERVER =
      """
      window.__yzLongTasks = [];
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            window.__yzLongTasks.push({ start: e.startTime, duration: e.duration });
          }
        }).observe({ type: 'longtask', buffered: true });
      } catch (e) {
        window.__yzLongTasksError = String(e);
      }
      """;

  /** Waits for the mark (async script): calls back with its startTime, or null at the deadline. */
  private static final String WAIT_FOR_MARK =
      """
      const name = arguments[0], deadlineMs = arguments[1], done = arguments[arguments.length - 1];
      const found = () => performance.getEntriesByName(name, 'mark');
      const at = () => (found().length ? found()[0].startTime : null);
      let finished = false, poll = null;
      const finish = (v) => {
        if (!finished) { finished = true; clearInterval(poll); done(v); }
      };
      if (at() !== null) { finish(at()); return; }
      try {
        new PerformanceObserver(() => { if (at() !== null) finish(at()); })
          .observe({ type: 'mark', buffered: true });
      } catch (e) { /* the polling below still works */ }
      poll = setInterval(() => { if (at() !== null) finish(at()); }, 500);
      setTimeout(() => finish(at()), Math.max(0, deadlineMs - performance.now()));
      """;

  /**
   * Navigation timing and what was transferred up to the mark (arguments[0]; every request done so
   * far when null): bytes over the wire, requests (including the tile requests that fail at once)
   * and the requests to the server itself.
   */
  private static final String PAGE_METRICS =
      """
      const until = arguments[0];
      const nav = performance.getEntriesByType('navigation')[0] || {};
      const res = performance.getEntriesByType('resource')
        .filter((r) => until === null || r.responseEnd <= until);
      let bytes = nav.transferSize || 0, local = 1;
      for (const r of res) {
        bytes += r.transferSize || 0;
        if (r.name.startsWith(location.origin + '/')) local++;
      }
      return { dcl: nav.domContentLoadedEventEnd || 0, load: nav.loadEventEnd || 0,
               bytes: bytes, requests: res.length + 1, local: local };
      """;

  /** Quits the browsers still open when the JVM is stopped (Ctrl-C, the script's trap). */
  private static final Map<ChromeDriver, Thread> HOOKS = new HashMap<>();

  private static Path out;

  private PhoneMapBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: PhoneMapBench BASE_URL render|pan RUNS OUT_FILE [--timeout-s=30]"
              + " [--profiles=none,slow4g,3g]");
      System.exit(2);
    }
    String base = args[0].replaceAll("/+$", "");
    String mode = args[1];
    int runs = Integer.parseInt(args[2]);
    out = Path.of(args[3]);
    int timeoutS = 30;
    List<Profile> profiles = List.of(NONE, SLOW_4G, REGULAR_3G);
    for (int i = 4; i < args.length; i++) {
      if (args[i].startsWith("--timeout-s=")) {
        timeoutS = Integer.parseInt(args[i].substring("--timeout-s=".length()));
      } else if (args[i].startsWith("--profiles=")) {
        profiles = new ArrayList<>();
        for (String name : args[i].substring("--profiles=".length()).split(",")) {
          profiles.add(
              switch (name) {
                case "none" -> NONE;
                case "slow4g" -> SLOW_4G;
                case "3g" -> REGULAR_3G;
                default -> throw new IllegalArgumentException("unknown profile " + name);
              });
        }
      } else {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    for (Path p : List.of(BINARY, DRIVER)) {
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException(
            p + " is missing: apt-get install chromium chromium-driver");
      }
    }
    Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
    switch (mode) {
      case "render" -> render(base, runs, profiles, timeoutS);
      case "pan" -> pan(base, runs, timeoutS);
      default -> throw new IllegalArgumentException("mode must be render or pan, not " + mode);
    }
  }

  // ------------------------------------------------------------------------------------ render

  record RenderRun(
      Double firstUseful, double dcl, double load, long bytes, long requests, long local) {}

  private static void render(String base, int runs, List<Profile> profiles, int timeoutS)
      throws Exception {
    Map<Profile, List<RenderRun>> results = new LinkedHashMap<>();
    profiles.forEach(p -> results.put(p, new ArrayList<>()));
    // The page is measured, not the server's cold start: one unthrottled load warms its JIT.
    RenderRun warm = renderOnce(base, NONE, Math.min(timeoutS, 10));
    emit(
        String.format(
            Locale.ROOT,
            "# warm-up load, not counted: dcl_ms=%.0f first_useful_ms=%s",
            warm.dcl(),
            warm.firstUseful() == null ? "NA" : fmt(warm.firstUseful())));
    for (int run = 1; run <= runs; run++) {
      for (Profile profile : profiles) { // interleaved, so drift in the machine's load hits all
        RenderRun r = renderOnce(base, profile, timeoutS);
        results.get(profile).add(r);
        emit(
            String.format(
                Locale.ROOT,
                "RENDER_RUN profile=%s run=%d first_useful_ms=%s dcl_ms=%.0f load_ms=%.0f"
                    + " bytes=%d requests=%d local_requests=%d",
                profile.name(),
                run,
                r.firstUseful() == null
                    ? "NA"
                    : String.format(Locale.ROOT, "%.0f", r.firstUseful()),
                r.dcl(),
                r.load(),
                r.bytes(),
                r.requests(),
                r.local()));
      }
    }
    Map<Profile, Double> firstMedian = new LinkedHashMap<>();
    Map<Profile, Double> dclMedian = new LinkedHashMap<>();
    for (Map.Entry<Profile, List<RenderRun>> e : results.entrySet()) {
      Profile p = e.getKey();
      List<RenderRun> rs = e.getValue();
      List<Double> first =
          rs.stream().map(RenderRun::firstUseful).filter(v -> v != null).sorted().toList();
      List<Double> dcl = rs.stream().map(RenderRun::dcl).sorted().toList();
      List<Double> load = rs.stream().map(RenderRun::load).sorted().toList();
      List<Double> bytes = rs.stream().map(r -> (double) r.bytes()).sorted().toList();
      List<Double> requests = rs.stream().map(r -> (double) r.requests()).sorted().toList();
      List<Double> local = rs.stream().map(r -> (double) r.local()).sorted().toList();
      firstMedian.put(p, first.isEmpty() ? null : median(first));
      dclMedian.put(p, median(dcl));
      String network =
          p.throttlesNetwork()
              ? String.format(
                  Locale.ROOT,
                  "latency_ms=%.0f down_kbit=%.0f up_kbit=%.0f",
                  p.latencyMs(),
                  p.downBytesPerS() * 8 / 1024,
                  p.upBytesPerS() * 8 / 1024)
              : "network=unthrottled";
      emit(
          String.format(
              Locale.ROOT,
              "RENDER profile=%s cpu=%d %s runs=%d mark_seen=%d/%d first_useful_ms_median=%s"
                  + " min=%s max=%s dcl_ms_median=%.0f load_ms_median=%.0f bytes_median=%.0f"
                  + " requests_median=%.0f local_requests_median=%.0f",
              p.name(),
              p.cpuRate(),
              network,
              rs.size(),
              first.size(),
              rs.size(),
              first.isEmpty() ? "NA" : fmt(median(first)),
              first.isEmpty() ? "NA" : fmt(first.get(0)),
              first.isEmpty() ? "NA" : fmt(first.get(first.size() - 1)),
              median(dcl),
              median(load),
              median(bytes),
              median(requests),
              median(local)));
      if (first.size() < rs.size()) {
        emit(
            "# profile "
                + p.name()
                + ": mark '"
                + MARK
                + "' never appeared within "
                + timeoutS
                + " s in "
                + (rs.size() - first.size())
                + " of "
                + rs.size()
                + " runs");
      }
    }
    if (results.containsKey(NONE)) {
      StringBuilder ratio = new StringBuilder("RENDER_RATIO");
      for (Profile p : results.keySet()) {
        if (p == NONE) {
          continue;
        }
        Double f = firstMedian.get(p);
        Double f0 = firstMedian.get(NONE);
        ratio.append(' ').append(p.name()).append("_over_none_first_useful=");
        ratio.append(f == null || f0 == null || f0 == 0 ? "NA" : fmt2(f / f0));
        ratio.append(' ').append(p.name()).append("_over_none_dcl=");
        ratio.append(fmt2(dclMedian.get(p) / dclMedian.get(NONE)));
      }
      emit(ratio.toString());
    }
  }

  private static RenderRun renderOnce(String base, Profile profile, int timeoutS) throws Exception {
    Path dir = Files.createTempDirectory("yz-phone-map-");
    ChromeDriver driver = start(dir);
    try {
      prepare(driver, base, profile);
      driver.get(base + "/");
      Object mark = driver.executeAsyncScript(WAIT_FOR_MARK, MARK, (double) timeoutS * 1000);
      // The load event may come after the mark; wait (briefly) for it so load_ms is known.
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline
          && num(
                  driver.executeScript(
                      "const n = performance.getEntriesByType('navigation')[0];"
                          + " return n ? n.loadEventEnd : 0;"))
              == 0) {
        Thread.sleep(200);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) driver.executeScript(PAGE_METRICS, mark);
      if (Boolean.getBoolean("yz.debug")) {
        System.err.println(
            driver.executeScript(
                "return performance.getEntriesByType('resource').map(r => Math.round(r.startTime)"
                    + " + '-' + Math.round(r.responseEnd) + ' ' + r.transferSize + ' '"
                    + " + r.encodedBodySize + ' ' + r.name).join('\\n');"));
      }
      return new RenderRun(
          mark == null ? null : num(mark),
          num(m.get("dcl")),
          num(m.get("load")),
          (long) num(m.get("bytes")),
          (long) num(m.get("requests")),
          (long) num(m.get("local")));
    } finally {
      quit(driver, dir);
    }
  }

  // --------------------------------------------------------------------------------------- pan

  record LongTask(double start, double duration) {}

  record Step(String label, double start) {}

  record PanRun(
      double maxMs,
      int over50,
      int over200,
      double tbtMs,
      int count,
      String worstStep,
      double startupTbtMs,
      boolean markSeen,
      String method) {}

  private static void pan(String base, int runs, int timeoutS) throws Exception {
    List<PanRun> all = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      PanRun r = panOnce(base, timeoutS);
      all.add(r);
      emit(
          String.format(
              Locale.ROOT,
              "PAN_RUN run=%d cpu=%d method=%s mark_seen=%s longtasks=%d max_longtask_ms=%.0f"
                  + " over50=%d over200=%d tbt_ms=%.0f worst_step=%s startup_tbt_ms=%.0f",
              run,
              CPU_SLOWDOWN,
              r.method(),
              r.markSeen() ? "yes" : "no",
              r.count(),
              r.maxMs(),
              r.over50(),
              r.over200(),
              r.tbtMs(),
              r.worstStep(),
              r.startupTbtMs()));
    }
    PanRun worst = all.stream().max(Comparator.comparingDouble(PanRun::tbtMs)).orElseThrow();
    emit(
        String.format(
            Locale.ROOT,
            "PAN runs=%d cpu=%d method=%s max_longtask_ms=%.0f over50=%d over200=%d tbt_ms=%.0f"
                + " tbt_ms_median=%.0f",
            all.size(),
            CPU_SLOWDOWN,
            worst.method(),
            all.stream().mapToDouble(PanRun::maxMs).max().orElse(0),
            all.stream().mapToInt(PanRun::over50).max().orElse(0),
            all.stream().mapToInt(PanRun::over200).max().orElse(0),
            worst.tbtMs(),
            median(all.stream().map(PanRun::tbtMs).sorted().toList())));
    emit("# pan: the PAN line has the worst of the runs (the largest of each figure)");
    if (all.stream().noneMatch(PanRun::markSeen)) {
      emit("# pan: mark '" + MARK + "' never appeared; panning started after " + timeoutS + " s");
    }
    if (all.stream().anyMatch(r -> !r.method().equals("yizhanMap"))) {
      emit(
          "# pan: window.yizhanMap is missing; the map was dragged on #map with the mouse instead"
              + " (no zoom steps)");
    }
  }

  private static PanRun panOnce(String base, int timeoutS) throws Exception {
    Path dir = Files.createTempDirectory("yz-phone-map-");
    ChromeDriver driver = start(dir);
    try {
      driver.executeCdpCommand(
          "Page.addScriptToEvaluateOnNewDocument", Map.of("source", LONGTASK_OBSERVER));
      prepare(driver, base, new Profile("pan", CPU_SLOWDOWN, 0, -1, -1));
      driver.get(base + "/");
      Object mark = driver.executeAsyncScript(WAIT_FOR_MARK, MARK, (double) timeoutS * 1000);
      // The page creates its map after the first list: let it finish before measuring panning.
      long mapDeadline = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < mapDeadline
          && !Boolean.TRUE.equals(
              driver.executeScript(
                  "return !!(window.yizhanMap && document.getElementById('map')"
                      + ".getAttribute('data-count'));"))) {
        Thread.sleep(100);
      }
      Thread.sleep(1500);
      Object error = driver.executeScript("return window.__yzLongTasksError || null;");
      if (error != null) {
        throw new IllegalStateException("longtask observer failed: " + error);
      }
      double startupTbt = tbt(longTasks(driver));
      driver.executeScript("window.__yzLongTasks.length = 0;");

      List<Step> steps = new ArrayList<>();
      boolean hasMap =
          Boolean.TRUE.equals(
              driver.executeScript(
                  "return !!(window.yizhanMap && typeof window.yizhanMap.panBy === 'function');"));
      int[][] directions = {{300, 200}, {-300, 200}, {-300, -200}, {300, -200}};
      if (hasMap) {
        setView(driver, steps, "taiyuan-z12", TAIYUAN_LAT, TAIYUAN_LON, 12, 1000);
        panTen(driver, steps, "z12", directions);
        setView(driver, steps, "china-z5", 35, 105, 5, 1500);
        setView(driver, steps, "china-z4", 35, 105, 4, 1500);
        setView(driver, steps, "china-z5-again", 35, 105, 5, 1500);
        setView(driver, steps, "taiyuan-z12-again", TAIYUAN_LAT, TAIYUAN_LON, 12, 1500);
        setView(driver, steps, "east-z6", 31.5, 118, 6, 1500);
        panTen(driver, steps, "z6", directions);
      } else {
        WebElement map = driver.findElement(By.id("map"));
        for (int i = 0; i < 20; i++) {
          int[] d = directions[i % directions.length];
          steps.add(new Step("drag" + (i + 1), now(driver)));
          // From the centre of #map, in 5 moves (Leaflet sees a drag, not a click).
          Actions a = new Actions(driver).moveToElement(map).clickAndHold();
          for (int k = 0; k < 5; k++) {
            a = a.moveByOffset(-d[0] / 5 / 2, -d[1] / 5 / 2);
          }
          a.release().perform();
          Thread.sleep(600);
        }
      }
      Thread.sleep(1000); // trailing loads and rendering of the last step
      List<LongTask> tasks = longTasks(driver);
      double max = 0;
      LongTask worst = null;
      int over50 = 0;
      int over200 = 0;
      for (LongTask t : tasks) {
        if (t.duration() > max) {
          max = t.duration();
          worst = t;
        }
        if (t.duration() > 50) {
          over50++;
        }
        if (t.duration() > 200) {
          over200++;
        }
      }
      String worstStep = "none";
      if (worst != null) {
        worstStep = "before-first-step";
        for (Step s : steps) {
          if (s.start() <= worst.start()) {
            worstStep = s.label();
          }
        }
      }
      return new PanRun(
          max,
          over50,
          over200,
          tbt(tasks),
          tasks.size(),
          worstStep,
          startupTbt,
          mark != null,
          hasMap ? "yizhanMap" : "drag");
    } finally {
      quit(driver, dir);
    }
  }

  /** Ten scripted pans of the map, round the four diagonal directions. */
  private static void panTen(ChromeDriver driver, List<Step> steps, String name, int[][] directions)
      throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      int[] d = directions[i % directions.length];
      step(
          driver,
          steps,
          name + "-pan" + (i + 1),
          "window.yizhanMap.panBy([" + d[0] + ", " + d[1] + "], { animate: false });",
          600);
    }
  }

  private static void setView(
      ChromeDriver driver,
      List<Step> steps,
      String label,
      double lat,
      double lon,
      int zoom,
      long waitMs)
      throws InterruptedException {
    step(
        driver,
        steps,
        label,
        String.format(
            Locale.ROOT,
            "window.yizhanMap.setView([%s, %s], %d, { animate: false });",
            lat,
            lon,
            zoom),
        waitMs);
  }

  /** Runs one scripted map action, noting when it started (page time), then waits. */
  private static void step(
      ChromeDriver driver, List<Step> steps, String label, String action, long waitMs)
      throws InterruptedException {
    Object t = driver.executeScript("const t = performance.now(); " + action + " return t;");
    steps.add(new Step(label, num(t)));
    Thread.sleep(waitMs);
  }

  private static double now(ChromeDriver driver) {
    return num(driver.executeScript("return performance.now();"));
  }

  private static List<LongTask> longTasks(ChromeDriver driver) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> raw =
        (List<Map<String, Object>>) driver.executeScript("return window.__yzLongTasks || [];");
    return raw.stream()
        .map(m -> new LongTask(num(m.get("start")), num(m.get("duration"))))
        .toList();
  }

  /** Total blocking time: the part of each long task beyond 50 ms. */
  private static double tbt(List<LongTask> tasks) {
    return tasks.stream().mapToDouble(t -> Math.max(0, t.duration() - 50)).sum();
  }

  // ----------------------------------------------------------------------------------- browser

  /** Flags of src/test/java/org/yizhan/testing/Chromium.java, at a phone's window size. */
  private static ChromeDriver start(Path userDataDir) {
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=" + WIDTH + "," + HEIGHT,
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--user-data-dir=" + userDataDir);
    options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
    ChromeDriver driver = new ChromeDriver(options);
    Thread hook = new Thread(driver::quit);
    Runtime.getRuntime().addShutdownHook(hook);
    HOOKS.put(driver, hook);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(180));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(600));
    return driver;
  }

  /**
   * Cold cache (besides the fresh profile directory of each run), phone screen, position in
   * Taiyuan, and the profile's throttling.
   */
  private static void prepare(ChromeDriver driver, String base, Profile profile) {
    URI u = URI.create(base);
    String origin =
        u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    driver.executeCdpCommand(
        "Browser.grantPermissions",
        Map.of("origin", origin, "permissions", List.of("geolocation")));
    driver.executeCdpCommand(
        "Emulation.setGeolocationOverride",
        Map.of("latitude", TAIYUAN_LAT, "longitude", TAIYUAN_LON, "accuracy", 10));
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 2, "mobile", true));
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
    driver.executeCdpCommand(
        "Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
    if (profile.throttlesNetwork()) {
      driver.executeCdpCommand(
          "Network.emulateNetworkConditions",
          Map.of(
              "offline",
              false,
              "latency",
              profile.latencyMs(),
              "downloadThroughput",
              profile.downBytesPerS(),
              "uploadThroughput",
              profile.upBytesPerS()));
    }
    driver.executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", profile.cpuRate()));
  }

  private static void quit(ChromeDriver driver, Path dir) {
    try {
      driver.quit();
    } catch (RuntimeException ignored) {
      // already gone
    }
    Thread hook = HOOKS.remove(driver);
    if (hook != null) {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp profile is harmless
    }
  }

  // ----------------------------------------------------------------------------------- helpers

  private static double num(Object o) {
    return o == null ? 0 : ((Number) o).doubleValue();
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String fmt2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static synchronized void emit(String line) throws IOException {
    System.out.println(line);
    System.out.flush();
    Files.writeString(
        out,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
