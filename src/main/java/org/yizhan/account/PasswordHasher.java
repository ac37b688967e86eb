package org.yizhan.account;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Argon2id password hashes in PHC string form (salt and cost inside the string, so costs can rise
 * later without breaking old hashes). The default cost follows OWASP's minimum for Argon2id: 19
 * MiB, 2 passes, 1 lane, tens of milliseconds per hash on this hardware, which makes offline
 * guessing slow. Hashing is blocking CPU work: call it off the event loop.
 */
public final class PasswordHasher {

  /** OWASP Password Storage Cheat Sheet minimum for Argon2id. */
  public static final int DEFAULT_MEMORY_KIB = 19 * 1024;

  public static final int DEFAULT_ITERATIONS = 2;

  private final Argon2 argon2;
  private final int memoryKib;
  private final int iterations;

  /** A hash of a random password, verified against when the user does not exist. */
  private final String decoy;

  public PasswordHasher() {
    this(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS);
  }

  public PasswordHasher(int memoryKib, int iterations) {
    this(Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id), memoryKib, iterations);
  }

  /** With a given Argon2id implementation (tests note which hashes it verifies). */
  PasswordHasher(Argon2 argon2, int memoryKib, int iterations) {
    this.argon2 = argon2;
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.decoy = hash("decoy-" + System.nanoTime());
  }

  public String hash(String password) {
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    try {
      return argon2.hash(iterations, memoryKib, 1, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** True if {@code password} matches {@code hash}; a null hash costs the same time and fails. */
  public boolean verify(String hash, String password) {
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    try {
      boolean ok = argon2.verify(hash == null ? decoy : hash, bytes);
      return hash != null && ok;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Rules for a new password: long enough to resist guessing, short enough to hash. */
  public static String weakness(String password) {
    if (password == null || password.codePointCount(0, password.length()) < 10) {
      return "must be at least 10 characters";
    }
    if (password.length() > 200) {
      return "must be at most 200 characters";
    }
    return null;
  }
}
