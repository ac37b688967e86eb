package org.yizhan.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.telemetry.RejectedMessageException;
import org.yizhan.telemetry.TelemetryTopic;

/**
 * Verifies that any MQTT topic name is either parsed into a v1 topic that formats back to the same
 * name, or refused as {@link RejectReason#WRONG_TOPIC} with a detail safe to store and show; never
 * another exception.
 */
class TopicFuzzTest {

  static Stream<Arguments> examples() {
    return Seeds.topics();
  }

  @MethodSource("examples")
  @FuzzTest
  void topicIsParsedOrRefused(byte[] input) {
    String topic = new String(input, StandardCharsets.UTF_8);
    TelemetryTopic parsed;
    try {
      parsed = TelemetryTopic.parse(topic);
    } catch (RejectedMessageException e) {
      Refusals.check(e);
      if (e.reason() != RejectReason.WRONG_TOPIC) {
        throw new AssertionError("topic refused as " + e.reason() + ": " + e.getMessage());
      }
      if (e.getMessage().chars().anyMatch(Character::isISOControl)) {
        throw new AssertionError("detail has control characters: " + e.getMessage());
      }
      return;
    }
    if (!parsed.toTopic().equals(topic)) {
      throw new AssertionError(topic + " parsed as " + parsed + ", which formats as another name");
    }
    if (!TelemetryTopic.ID.matcher(parsed.stationId()).matches()
        || !TelemetryTopic.ID.matcher(parsed.deviceId()).matches()) {
      throw new AssertionError("ids outside the contract accepted: " + parsed);
    }
  }
}
