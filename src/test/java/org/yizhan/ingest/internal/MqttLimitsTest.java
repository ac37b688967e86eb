package org.yizhan.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The contract's MQTT limits: their ranges, the client id length and the keep alive held. */
class MqttLimitsTest {

  private static final MqttLimits LIMITS = MqttLimits.CONTRACT;

  @Test
  void theContractValues() {
    assertThat(LIMITS)
        .isEqualTo(new MqttLimits(65_536, 10, 64, 300))
        .extracting(MqttLimits::maxRemainingLength)
        .isEqualTo(65_532);
  }

  @Test
  void packetSizeMustLeaveRoomForAReadingAndStayUnderTwoMebibytes() {
    assertThatThrownBy(() -> new MqttLimits(16 * 1024 + 4, 10, 64, 300))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximum packet size");
    assertThat(new MqttLimits(16 * 1024 + 5, 10, 64, 300).maxRemainingLength())
        .isEqualTo(16 * 1024 + 1);
    assertThat(new MqttLimits(2 * 1024 * 1024, 10, 64, 300).maxPacketBytes())
        .isEqualTo(2 * 1024 * 1024);
    assertThatThrownBy(() -> new MqttLimits(2 * 1024 * 1024 + 1, 10, 64, 300))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void receiveMaximumIsWithinMqttRange() {
    assertThatThrownBy(() -> new MqttLimits(65_536, 0, 64, 300))
        .hasMessageContaining("receive maximum");
    assertThat(new MqttLimits(65_536, 1, 64, 300).receiveMaximum()).isEqualTo(1);
    assertThat(new MqttLimits(65_536, 65_535, 64, 300).receiveMaximum()).isEqualTo(65_535);
    assertThatThrownBy(() -> new MqttLimits(65_536, 65_536, 64, 300))
        .hasMessageContaining("receive maximum");
  }

  @Test
  void clientIdsOf23CharactersMustBeAllowed() {
    assertThatThrownBy(() -> new MqttLimits(65_536, 10, 22, 300))
        .hasMessageContaining("23 characters");
    assertThat(new MqttLimits(65_536, 10, 23, 300).maxClientIdChars()).isEqualTo(23);
  }

  @Test
  void keepAliveMaximumIsWithinMqttRange() {
    assertThatThrownBy(() -> new MqttLimits(65_536, 10, 64, 0)).hasMessageContaining("keep alive");
    assertThat(new MqttLimits(65_536, 10, 64, 1).keepAliveMaxS()).isEqualTo(1);
    assertThat(new MqttLimits(65_536, 10, 64, 65_535).keepAliveMaxS()).isEqualTo(65_535);
    assertThatThrownBy(() -> new MqttLimits(65_536, 10, 64, 65_536))
        .hasMessageContaining("keep alive");
    assertThat(LIMITS.withKeepAliveMax(60)).isEqualTo(new MqttLimits(65_536, 10, 64, 60));
  }

  @Test
  void clientIdsAreCountedInCharactersNotUnits() {
    assertThat(LIMITS.acceptsClientId(null)).isTrue();
    assertThat(LIMITS.acceptsClientId("a".repeat(64))).isTrue();
    assertThat(LIMITS.acceptsClientId("a".repeat(65))).isFalse();
    // 64 characters outside the BMP are 128 UTF-16 units: still 64 characters.
    assertThat(LIMITS.acceptsClientId("😀".repeat(64))).isTrue();
    assertThat(LIMITS.acceptsClientId("😀".repeat(65))).isFalse();
  }

  @Test
  void aConnectAskingForNoneOrTooLongAKeepAliveIsHeldToTheMaximum() {
    assertThat(LIMITS.keepAliveFor(0)).isEqualTo(300);
    assertThat(LIMITS.keepAliveFor(301)).isEqualTo(300);
    assertThat(LIMITS.keepAliveFor(300)).isEqualTo(300);
    assertThat(LIMITS.keepAliveFor(299)).isEqualTo(299);
    assertThat(LIMITS.keepAliveFor(1)).isEqualTo(1);
  }
}
