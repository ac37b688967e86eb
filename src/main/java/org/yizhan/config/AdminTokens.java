package org.yizhan.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The server's admin token, and where command-line tools find it. */
public final class AdminTokens {

  /** The file the server writes a generated token to, inside its data directory. */
  public static final String FILE_NAME = "admin-token";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdminTokens.class);

  private AdminTokens() {}

  /**
   * The server's token: a configured one as it is (no token file is written beside it); else the
   * one generated on first start and kept in {@code dataDir/admin-token} (owner-readable only). The
   * log names the file, never the token.
   */
  public static String forServer(java.util.Optional<String> configured, Path dataDir)
      throws IOException {
    if (configured.isPresent()) {
      return configured.get();
    }
    Path file = dataDir.resolve(FILE_NAME);
    java.util.Optional<String> stored = SecretFiles.read(file, 16);
    if (stored.isPresent()) {
      return stored.get();
    }
    String token = SecretFiles.randomToken(24);
    SecretFiles.write(file, token + "\n");
    LOG.info("admin: generated an admin token in {}", file.toAbsolutePath());
    return token;
  }

  /** The token from the option, else $YIZHAN_ADMIN_TOKEN, else the server's data dir. */
  public static String forClient(String option, Path dataDir) throws IOException {
    if (option != null && !option.isBlank()) {
      return option.strip();
    }
    String env = System.getenv("YIZHAN_ADMIN_TOKEN");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.isRegularFile(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    throw new IllegalStateException(
        "no admin token: pass --admin-token, set YIZHAN_ADMIN_TOKEN or point --data-dir at the"
            + " server's data directory");
  }
}
