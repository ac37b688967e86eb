package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md names every key the loader reads, and the README links it. */
class ConfigurationDocTest {

  /** A key as the loader asks for it: {@code v.integer("writer.queue", ...)}. */
  private static final Pattern READ = Pattern.compile("v\\.\\w+\\(\\s*\"([a-z0-9.]+)\"");

  /** Verifies that each key ConfigLoader reads is in the configuration page, as a key cell. */
  @Test
  void everyKeyTheLoaderReadsIsDocumented() throws Exception {
    String loader = Files.readString(Path.of("src/main/java/org/yizhan/config/ConfigLoader.java"));
    String doc = Files.readString(Path.of("docs/configuration.md"));
    Set<String> keys = new TreeSet<>();
    Matcher m = READ.matcher(loader);
    while (m.find()) {
      keys.add(m.group(1));
    }

    assertThat(keys)
        .as("keys found in the loader")
        .hasSizeGreaterThan(40)
        .contains("http.cors.origins");
    assertThat(keys).allSatisfy(k -> assertThat(doc).as(k).contains("| `" + k + "` |"));
  }

  /** Verifies that the README links the configuration page, and the link resolves. */
  @Test
  void readmeLinksTheConfigurationPage() throws Exception {
    String readme = Files.readString(Path.of("README.md"));

    assertThat(readme).contains("](docs/configuration.md)");
    assertThat(Path.of("docs/configuration.md")).isRegularFile();
  }
}
