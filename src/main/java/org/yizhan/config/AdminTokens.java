package org.yizhan.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where command-line tools find the admin token of a running server. */
public final class AdminTokens {

  /** The file the server writes a generated token to, inside its data directory. */
  public static final String FILE_NAME = "admin-token";

  private AdminTokens() {}

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
