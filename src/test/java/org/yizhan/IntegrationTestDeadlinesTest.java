package org.yizhan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies that every integration test class states its own deadline with a class-level {@link
 * Timeout}, so a regression in a polling loop fails the build with a message instead of hanging CI.
 * (The failsafe configuration adds a default deadline for any test method and lifecycle method as a
 * backstop; this check keeps each class's bound deliberate and visible.)
 */
class IntegrationTestDeadlinesTest {

  @Test
  void everyIntegrationTestClassHasAClassLevelTimeout() throws Exception {
    List<String> integrationTests = integrationTestClassNames();
    assertThat(integrationTests).as("integration test classes found").hasSizeGreaterThan(30);

    List<String> without =
        integrationTests.stream()
            .filter(name -> !load(name).isAnnotationPresent(Timeout.class))
            .toList();

    assertThat(without).as("integration test classes without a class-level @Timeout").isEmpty();
  }

  /** Top-level classes named *IT under the compiled test classes' root. */
  private static List<String> integrationTestClassNames() throws Exception {
    Path root = testClassesRoot();
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .map(root::relativize)
          .map(Path::toString)
          .filter(p -> p.endsWith("IT.class") && !p.contains("$"))
          .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .toList();
    }
  }

  private static Path testClassesRoot() throws URISyntaxException {
    return Path.of(
        IntegrationTestDeadlinesTest.class
            .getProtectionDomain()
            .getCodeSource()
            .getLocation()
            .toURI());
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, IntegrationTestDeadlinesTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError("compiled test class not loadable: " + name, e);
    }
  }
}
