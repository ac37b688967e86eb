package org.yizhan.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Device secrets are 192 random bits issued by the server, not passwords people choose, so a salted
 * SHA-256 is enough to make a stolen table useless, and it keeps a reconnect storm of thousands of
 * devices cheap (a slow password hash would cost seconds of CPU per hundred logins). Comparison is
 * constant-time.
 */
public final class DeviceSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DeviceSecrets() {}

  public static String newSecret() {
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  public static byte[] newSalt() {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return salt;
  }

  public static byte[] hash(byte[] salt, String secret) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt);
      return md.digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean matches(byte[] salt, byte[] expectedHash, String presented) {
    return MessageDigest.isEqual(expectedHash, hash(salt, presented));
  }
}
