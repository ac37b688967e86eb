package org.yizhan.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies the ingest.md promise on device secrets: the table keeps a salted SHA-256, never the
 * secret or its plain hash, and a login with an unknown id costs the same hash as one with a known
 * id (so the answer does not reveal which ids exist). The cost is read as the bytes the JVM
 * allocates on this thread, which is a count, not a time.
 */
class DeviceSecretsTest {

  @Test
  void theStoredFormIsSha256OfSaltThenSecretAndEachSecretHasItsOwnSalt() throws Exception {
    String secret = DeviceSecrets.newSecret();
    byte[] salt = DeviceSecrets.newSalt();
    byte[] other = DeviceSecrets.newSalt();
    assertThat(salt).hasSize(16).isNotEqualTo(other);

    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(salt);
    byte[] expected = sha.digest(secret.getBytes(StandardCharsets.UTF_8));
    byte[] unsalted =
        MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));

    assertThat(DeviceSecrets.hash(salt, secret)).isEqualTo(expected).isNotEqualTo(unsalted);
    assertThat(DeviceSecrets.hash(other, secret)).isNotEqualTo(expected);
    assertThat(new String(DeviceSecrets.hash(salt, secret), StandardCharsets.ISO_8859_1))
        .doesNotContain(secret);
  }

  @Test
  void onlyTheExactSecretMatches() {
    String secret = DeviceSecrets.newSecret();
    assertThat(secret).hasSize(32); // 192 random bits, base64url
    byte[] salt = DeviceSecrets.newSalt();
    byte[] stored = DeviceSecrets.hash(salt, secret);
    String lastChanged = secret.substring(0, 31) + (secret.endsWith("A") ? "B" : "A");
    String firstChanged = (secret.startsWith("A") ? "B" : "A") + secret.substring(1);
    assertThat(DeviceSecrets.matches(salt, stored, secret)).isTrue();
    assertThat(DeviceSecrets.matches(salt, stored, lastChanged)).isFalse();
    assertThat(DeviceSecrets.matches(salt, stored, firstChanged)).isFalse();
    assertThat(DeviceSecrets.matches(DeviceSecrets.newSalt(), stored, secret)).isFalse();
  }

  @Test
  void anUnknownIdCostsTheSameHashAsAKnownIdWithAWrongSecret() {
    DeviceRegistry registry =
        DeviceRegistry.readOnly(
            List.of(new Device("known1", "st-1", DeviceKind.CLIMATE, 60, null, null, null)));
    String wrong = DeviceSecrets.newSecret();
    // Warm up both paths so that class loading and compilation do not count.
    for (int i = 0; i < 20_000; i++) {
      registry.login("known1", wrong);
      registry.login("nobody", wrong);
    }
    long known = allocatedBy(() -> registry.login("known1", wrong));
    long unknown = allocatedBy(() -> registry.login("nobody", wrong));
    long noId = allocatedBy(() -> registry.login(null, wrong));
    long noHash = allocatedBy(() -> new String(wrong));
    // A SHA-256 costs hundreds of bytes per call (digest state, result); a lookup alone almost
    // none.
    assertThat(known).as("known id, wrong secret").isGreaterThan(4 * noHash + 200);
    assertThat(unknown).as("unknown id").isBetween(known / 2, known * 2);
    assertThat(noId).as("no id").isBetween(known / 2, known * 2);
  }

  /** Bytes allocated per call on this thread, averaged over many calls. */
  private static long allocatedBy(Runnable call) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int n = 10_000;
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < n; i++) {
      call.run();
    }
    return (threads.getThreadAllocatedBytes(id) - before) / n;
  }
}
