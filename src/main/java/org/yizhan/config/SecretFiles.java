package org.yizhan.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files that hold secrets (tokens, passwords, device keys) and the directory that keeps them. A
 * secret file is owner-only from the moment its name exists: it is written under a temporary name
 * created with mode 0600, flushed to disk, then renamed over the target in one step, so no other
 * local user can ever read it, and a crash leaves either the old content or the new, never half.
 */
public final class SecretFiles {

  private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");

  private SecretFiles() {}

  /**
   * Creates {@code dir} (and missing parents) owner-only, or takes group and other access away from
   * an existing one: it holds the database and the server's secrets.
   */
  public static Path privateDirectory(Path dir) throws IOException {
    if (!posix(dir)) {
      return Files.createDirectories(dir);
    }
    if (!Files.isDirectory(dir)) {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        return dir;
      } catch (FileAlreadyExistsException raced) {
        // created meanwhile: tightened below like any existing directory
      }
    }
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(dir);
    if (!now.equals(OWNER_DIR)) {
      try {
        Files.setPosixFilePermissions(dir, OWNER_DIR);
        LOG.info(
            "data directory {}: permissions {} tightened to rwx------",
            dir,
            PosixFilePermissions.toString(now));
      } catch (IOException notOwner) {
        LOG.warn(
            "data directory {} is {} and cannot be made owner-only: {}",
            dir,
            PosixFilePermissions.toString(now),
            notOwner.toString());
      }
    }
    return dir;
  }

  /** Replaces (or creates) {@code file} with {@code content}, owner-only from creation. */
  public static void write(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + file.getFileName() + "." + randomToken(6) + ".tmp");
    boolean posix = posix(dir);
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
            : new FileAttribute<?>[0];
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
        ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(dir);
    if (!posix) {
      LOG.warn("{}: this file system cannot restrict a secret file to its owner", file);
    }
  }

  /** The secret in {@code file}, stripped, if the file exists and holds at least min chars. */
  public static Optional<String> read(Path file, int minLength) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String s = Files.readString(file, StandardCharsets.UTF_8).strip();
    return s.length() >= minLength ? Optional.of(s) : Optional.empty();
  }

  /** A random URL-safe string from {@code bytes} random bytes (4 characters per 3 bytes). */
  public static String randomToken(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Makes the rename itself durable (Linux allows fsync on a directory; others may not). */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort by design: the file itself is already flushed and renamed; some file systems
      // (and platforms) refuse to open a directory for syncing, and that must not stop a start.
      LOG.debug("cannot sync directory {}: {}", dir, e.toString());
    }
  }
}
