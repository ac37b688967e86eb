package org.yizhan.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for the browser tests, driven through Debian's chromedriver, offline:
 * every host but 127.0.0.1 is unresolvable, so pages must work without tiles or any CDN. Its
 * language is Chinese.
 */
public final class Chromium {

  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /**
   * Starts a browser with its own profile directory, 1280×900, browser console logs kept.
   *
   * @throws IllegalStateException naming the Debian package when chromium or its driver is missing
   */
  public static ChromeDriver start(Path userDataDir) {
    requireInstalled(BINARY, "chromium");
    requireInstalled(DRIVER, "chromium-driver");
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
        "--window-size=1280,900",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--lang=zh-CN",
        "--user-data-dir=" + userDataDir);
    // The browser speaks Chinese, as a worker's phone does: pages that follow the browser's
    // language (the admin console) start in Chinese, as the tests expect, unless told otherwise.
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    return new ChromeDriver(options);
  }

  /** Fails early, naming what to install, before any server is started. */
  public static void requireInstalled() {
    requireInstalled(BINARY, "chromium");
    requireInstalled(DRIVER, "chromium-driver");
  }

  private static void requireInstalled(Path executable, String debianPackage) {
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException(
          executable
              + " is missing: the browser test needs Debian's chromium and chromium-driver"
              + " (apt-get install chromium chromium-driver); "
              + debianPackage
              + " provides this file");
    }
  }

  /** Removes a browser profile directory; a leftover one is harmless. */
  /**
   * What the page logged that a test should fail on: script errors (not a resource the page could
   * not load, which tests provoke on purpose) and any missing translation.
   */
  public static java.util.List<String> consoleProblems(org.openqa.selenium.WebDriver driver) {
    return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(
            e ->
                (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                        && !e.getMessage().contains("Failed to load resource"))
                    || e.getMessage().contains("i18n"))
        .map(org.openqa.selenium.logging.LogEntry::getMessage)
        .toList();
  }

  public static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp profile is harmless
    }
  }
}
