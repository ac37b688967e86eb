package org.yizhan.tools.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yizhan.config.SecretFiles;

/**
 * The simulator's device credentials file: {@code device_id,station_id,secret} per line after a
 * header. Secrets are shown once at provisioning, so every new device is appended at once and the
 * file is the only place they live. Ids are {@code [a-z0-9-]} and secrets Base64url, so plain comma
 * splitting is exact.
 */
final class Credentials {

  static final String HEADER = "device_id,station_id,secret";

  /** One device's login. */
  record Credential(String deviceId, String stationId, String secret) {
    String line() {
      return deviceId + "," + stationId + "," + secret;
    }
  }

  private Credentials() {}

  /** The devices in the file by station (the last line wins); empty if there is no file. */
  static Map<String, Credential> read(Path file) throws IOException {
    Map<String, Credential> byStation = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return byStation;
    }
    for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.equals(HEADER)) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 3 || f[0].isEmpty() || f[1].isEmpty() || f[2].isEmpty()) {
        throw new IOException(file + ": not device_id,station_id,secret: " + line);
      }
      byStation.put(f[1], new Credential(f[0], f[1], f[2]));
    }
    return byStation;
  }

  /** Appends one device, creating the file (owner-only) with its header if needed. */
  static synchronized void append(Path file, Credential c) throws IOException {
    boolean fresh = !Files.exists(file);
    if (fresh) {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      SecretFiles.write(file, HEADER + "\n");
    }
    Files.writeString(file, c.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /** Replaces the file with exactly these devices, atomically. */
  static synchronized void write(Path file, Collection<Credential> all) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Credential c : all) {
      text.append(c.line()).append('\n');
    }
    SecretFiles.write(file, text.toString());
  }
}
