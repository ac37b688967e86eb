package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void hashesAreArgon2idWithTheirOwnSaltAndVerify() {
    String a = hasher.hash("correct horse battery");
    String b = hasher.hash("correct horse battery");
    assertThat(a).startsWith("$argon2id$").contains("m=19456,t=2,p=1");
    assertThat(a).isNotEqualTo(b);
    assertThat(hasher.verify(a, "correct horse battery")).isTrue();
    assertThat(hasher.verify(a, "correct horse batterY")).isFalse();
    assertThat(hasher.verify(null, "correct horse battery")).isFalse();
  }

  @Test
  void shortPasswordsAreRefused() {
    assertThat(PasswordHasher.weakness("short")).contains("10");
    assertThat(PasswordHasher.weakness("ten chars!")).isNull();
    assertThat(PasswordHasher.weakness(null)).isNotNull();
  }
}
