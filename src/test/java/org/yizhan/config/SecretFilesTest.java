package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

  @TempDir Path tmp;

  /**
   * Verifies that a secret replaces an old world-readable file as an owner-only one, leaving no
   * temporary file behind.
   */
  @Test
  void writeLeavesAnOwnerOnlyFileAndNoTemporaryOne() throws Exception {
    Path file = tmp.resolve("token");
    Files.writeString(file, "old", java.nio.charset.StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    SecretFiles.write(file, "new-secret\n");

    assertThat(Files.readString(file)).isEqualTo("new-secret\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).containsExactly(file);
    }
  }

  /** Verifies that a new data directory is created owner-only and an old open one is closed. */
  @Test
  void privateDirectoryIsOwnerOnly() throws Exception {
    Path fresh = tmp.resolve("a/b/data");
    SecretFiles.privateDirectory(fresh);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
        .isEqualTo("rwx------");

    Path old = Files.createDirectory(tmp.resolve("old"));
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
    SecretFiles.privateDirectory(old);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old)))
        .isEqualTo("rwx------");
  }

  /** Verifies that a short or missing secret does not count as one. */
  @Test
  void readIgnoresMissingAndShortSecrets() throws Exception {
    Path file = tmp.resolve("pw");
    assertThat(SecretFiles.read(file, 16)).isEmpty();
    SecretFiles.write(file, "short\n");
    assertThat(SecretFiles.read(file, 16)).isEmpty();
    SecretFiles.write(file, SecretFiles.randomToken(24) + "\n");
    assertThat(SecretFiles.read(file, 16)).get().asString().hasSize(32);
  }
}
