package org.yizhan;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * No package depends on a package above it: the server is layered from the entry points down to
 * shared helpers, checked on the compiled classes so that fully qualified names count too. Packages
 * on the same level do not depend on each other either, except within a feature.
 */
class LayeringTest {

  /**
   * Each top-level feature package and its level; a class may use only packages of a lower level
   * (and its own feature's). Sub-packages ({@code ingest.internal}) belong to their feature.
   */
  private static final Map<String, Integer> LEVEL =
      Map.ofEntries(
          Map.entry("", 100), // App, Server: the wiring
          Map.entry("tools", 95), // simulate, provision: beside the server, used only by App
          Map.entry("api", 90),
          Map.entry("alert", 70),
          Map.entry("ingest", 70),
          Map.entry("demo", 70),
          Map.entry("account", 70),
          Map.entry("planning", 65),
          Map.entry("device", 60),
          Map.entry("history", 55),
          Map.entry("arrival", 55), // free seats on arrival: the stored hours and the live values
          Map.entry("live", 50),
          Map.entry("condition", 50),
          Map.entry("feedback", 50),
          Map.entry("warning", 45), // heat and cold warnings: cities from the station registry
          Map.entry("routing", 45), // the walking network: above stations, below the API
          Map.entry("quality", 40),
          Map.entry("station", 30),
          Map.entry("telemetry", 30),
          Map.entry("cluster", 25), // who owns the cluster-wide duties: a lock in the database
          Map.entry("db", 20),
          Map.entry("storage", 15),
          Map.entry("health", 10),
          Map.entry("geo", 10),
          Map.entry("text", 10),
          Map.entry("json", 10),
          Map.entry("error", 10),
          Map.entry("config", 10),
          Map.entry("logging", 10),
          Map.entry("metrics", 12), // the registry and its helpers: features bind to it
          Map.entry("lifecycle", 10));

  private static String feature(JavaClass c) {
    String pkg = c.getPackageName();
    if (pkg.equals("org.yizhan")) {
      return "";
    }
    String rest = pkg.substring("org.yizhan.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  @Test
  void noPackageDependsOnAPackageAboveItOrBesideIt() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.yizhan");
    assertThat(classes).as("classes found").hasSizeGreaterThan(200);
    TreeSet<String> breaches = new TreeSet<>();
    TreeSet<String> unknown = new TreeSet<>();
    for (JavaClass c : classes) {
      String from = feature(c);
      if (!LEVEL.containsKey(from)) {
        unknown.add(from);
        continue;
      }
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass();
        if (!target.getPackageName().startsWith("org.yizhan")) {
          continue;
        }
        String to = feature(target);
        if (to.equals(from)) {
          continue;
        }
        Integer toLevel = LEVEL.get(to);
        if (toLevel == null) {
          unknown.add(to);
        } else if (toLevel >= LEVEL.get(from)) {
          breaches.add(
              from + " -> " + to + " (" + c.getSimpleName() + " uses " + target.getName() + ")");
        }
      }
    }
    assertThat(unknown).as("packages without a level in LayeringTest").isEmpty();
    assertThat(breaches).as("dependencies on a package above or beside").isEmpty();
  }
}
