package org.yizhan.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yizhan.telemetry.TelemetryTopic.Kind;

class TelemetryTopicTest {

  @ParameterizedTest
  @EnumSource(Kind.class)
  void parsesWhatItFormats(Kind kind) throws RejectedMessageException {
    String topic = TelemetryTopic.format("sx-ty-00001", "d-0001", kind);
    assertThat(topic).isEqualTo("yz/v1/st/sx-ty-00001/dev/d-0001/" + kind.level());
    assertThat(TelemetryTopic.parse(topic))
        .isEqualTo(new TelemetryTopic("sx-ty-00001", "d-0001", kind));
    assertThat(TelemetryTopic.parse(topic).toTopic()).isEqualTo(topic);
  }

  @Test
  void helpersBuildEachKind() {
    assertThat(TelemetryTopic.telemetry("s1", "d1")).isEqualTo("yz/v1/st/s1/dev/d1/telemetry");
    assertThat(TelemetryTopic.status("s1", "d1")).isEqualTo("yz/v1/st/s1/dev/d1/status");
    assertThat(TelemetryTopic.config("s1", "d1")).isEqualTo("yz/v1/st/s1/dev/d1/config");
  }

  @Test
  void idsOfOneAndSixtyFourCharactersAreFine() throws RejectedMessageException {
    String longId = "a".repeat(64);
    TelemetryTopic t = TelemetryTopic.parse("yz/v1/st/" + longId + "/dev/0/status");
    assertThat(t.stationId()).isEqualTo(longId);
    assertThat(t.deviceId()).isEqualTo("0");
    assertThat(t.kind()).isEqualTo(Kind.STATUS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "yz/v1/st/s1/dev/d1",
        "yz/v1/st/s1/dev/d1/telemetry/",
        "/yz/v1/st/s1/dev/d1/telemetry",
        "yz/v1/st/s1/dev/d1/telemetry/extra",
        "yz/v1/station/s1/dev/d1/telemetry",
        "yz/v1/st/s1/device/d1/telemetry",
        "YZ/v1/st/s1/dev/d1/telemetry",
        "yz/v2/st/s1/dev/d1/telemetry",
        "yz/V1/st/s1/dev/d1/telemetry",
        "yz/v1/st//dev/d1/telemetry",
        "yz/v1/st/s1/dev//telemetry",
        "yz/v1/st/S1/dev/d1/telemetry",
        "yz/v1/st/s1/dev/D1/telemetry",
        "yz/v1/st/-s1/dev/d1/telemetry",
        "yz/v1/st/s_1/dev/d1/telemetry",
        "yz/v1/st/+/dev/d1/telemetry",
        "yz/v1/st/s1/dev/#",
        "yz/v1/st/s1/dev/d1/Telemetry",
        "yz/v1/st/s1/dev/d1/readings",
        "yz/v1/st/s1/dev/d1/telemetry ",
      })
  void refusesTopicsOutsideTheContract(String topic) {
    assertThatThrownBy(() -> TelemetryTopic.parse(topic))
        .isInstanceOfSatisfying(
            RejectedMessageException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.WRONG_TOPIC));
  }

  @Test
  void refusesNullAndTooLongIds() {
    assertThatThrownBy(() -> TelemetryTopic.parse(null))
        .isInstanceOf(RejectedMessageException.class);
    String tooLong = "a".repeat(65);
    assertThatThrownBy(() -> TelemetryTopic.parse("yz/v1/st/" + tooLong + "/dev/d1/status"))
        .isInstanceOf(RejectedMessageException.class)
        .hasMessageContaining("station id");
  }

  @Test
  void detailsAreSafeToShow() {
    assertThatThrownBy(() -> TelemetryTopic.parse("yz/v1/st/s1/dev/d1/te\u0000lemetry"))
        .isInstanceOf(RejectedMessageException.class)
        .hasMessage("unknown topic kind 'te?lemetry'");
    assertThatThrownBy(() -> TelemetryTopic.parse("yz/v1/st/" + "x".repeat(150) + "/dev/d/status"))
        .isInstanceOf(RejectedMessageException.class)
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(120));
  }

  @Test
  void constructorRefusesBadIds() {
    assertThatThrownBy(() -> new TelemetryTopic("S1", "d1", Kind.STATUS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TelemetryTopic.format("s1", "", Kind.STATUS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDevicePublishesOnlyOnItsOwnTelemetryAndStatusTopics() throws RejectedMessageException {
    TelemetryTopic own = TelemetryTopic.parse("yz/v1/st/s1/dev/d1/telemetry");
    assertThatCode(() -> own.requirePublisher("d1", "s1")).doesNotThrowAnyException();
    assertThatCode(
            () -> TelemetryTopic.parse("yz/v1/st/s1/dev/d1/status").requirePublisher("d1", "s1"))
        .doesNotThrowAnyException();

    assertNotAuthorized(own, "d2", "s1");
    assertNotAuthorized(own, "d1", "s2");
    assertNotAuthorized(TelemetryTopic.parse("yz/v1/st/s1/dev/d1/config"), "d1", "s1");
  }

  private static void assertNotAuthorized(TelemetryTopic topic, String deviceId, String stationId) {
    assertThatThrownBy(() -> topic.requirePublisher(deviceId, stationId))
        .isInstanceOfSatisfying(
            RejectedMessageException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED));
  }

  @org.junit.jupiter.api.Test
  void theHandWrittenIdCheckAgreesWithTheIdPattern() {
    java.util.Random random = new java.util.Random(5);
    String alphabet = "abcz09-_A/ .é";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(70);
      for (int k = 0; k < len; k++) {
        sb.append(alphabet.charAt(random.nextInt(random.nextInt(4) == 0 ? alphabet.length() : 7)));
      }
      String s = sb.toString();
      org.assertj.core.api.Assertions.assertThat(TelemetryTopic.isId(s))
          .as("'%s'", s)
          .isEqualTo(TelemetryTopic.ID.matcher(s).matches());
    }
  }
}
