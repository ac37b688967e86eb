package org.yizhan.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every file of {@code firmware-contracts/examples/valid} and {@code examples/invalid} through
 * the decoder, so the examples firmware engineers test against are exactly what the server does.
 */
class ContractExamplesTest {

  private static final TelemetryDecoder DECODER =
      new TelemetryDecoder(Clock.fixed(ContractExample.NOW, ZoneOffset.UTC));

  private static final List<ContractExample> EXAMPLES = ContractExample.all();

  @TestFactory
  Stream<DynamicTest> everyExampleGetsItsVerdict() {
    assertThat(EXAMPLES).as("examples on the test classpath").isNotEmpty();
    return EXAMPLES.stream().map(ex -> DynamicTest.dynamicTest(ex.id(), () -> check(ex)));
  }

  private static void check(ContractExample ex) throws Exception {
    RejectedMessageException rejected = null;
    Object decoded = null;
    try {
      decoded = decode(ex);
    } catch (RejectedMessageException e) {
      rejected = e;
    }
    if (ex.valid()) {
      if (rejected != null) {
        fail(
            "%s should be accepted but was rejected %s: %s",
            ex.id(), rejected.reason().code(), rejected.getMessage());
      }
      checkAccepted(ex, decoded);
      return;
    }
    if (rejected == null) {
      fail("%s should be rejected %s but was accepted: %s", ex.id(), ex.expectReason(), decoded);
    }
    assertThat(rejected.reason().code())
        .as("%s reason (detail: %s)", ex.id(), rejected.getMessage())
        .isEqualTo(ex.expectReason());
    assertThat(rejected.getMessage()).as("%s detail", ex.id()).contains(ex.expectDetailContains());
    assertThat(rejected.getMessage().length()).isLessThanOrEqualTo(300);
  }

  private static Object decode(ContractExample ex) throws Exception {
    TelemetryTopic topic = TelemetryTopic.parse(ex.topic());
    byte[] payload = ex.payloadBytes();
    return switch (topic.kind()) {
      case TELEMETRY ->
          DECODER.decodeTelemetry(
              topic.stationId(), topic.deviceId(), payload, ContractExample.NOW);
      case STATUS -> DECODER.decodeStatus(payload, ContractExample.NOW);
      case CONFIG -> DECODER.decodeConfig(payload);
    };
  }

  private static void checkAccepted(ContractExample ex, Object decoded) throws Exception {
    if (decoded instanceof List<?> readings) {
      int expected = ex.payload().has("readings") ? ex.payload().get("readings").size() : 1;
      assertThat(readings).as(ex.id()).hasSize(expected);
    } else if (decoded instanceof DeviceConfig config) {
      // What the server would publish for this config is itself valid and decodes the same.
      assertThat(DECODER.decodeConfig(DECODER.encodeConfig(config))).as(ex.id()).isEqualTo(config);
    } else {
      assertThat(decoded).as(ex.id()).isInstanceOf(DeviceStatus.class);
    }
  }

  @Test
  void everyExampleHasTheMetadataItsFolderNeeds() {
    Set<String> codes =
        Arrays.stream(RejectReason.values()).map(RejectReason::code).collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    for (ContractExample ex : EXAMPLES) {
      for (var it = ex.doc().fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!ContractExample.KEYS.contains(key)) {
          problems.add(ex.id() + ": unknown key " + key);
        }
      }
      if (ex.topic() == null) {
        problems.add(ex.id() + ": no topic");
      }
      if (ex.doc().path("comment").asText("").isBlank()) {
        problems.add(ex.id() + ": no comment");
      }
      long payloads =
          Stream.of("payload", "payload_text", "payload_base64").filter(ex.doc()::has).count();
      if (payloads != 1) {
        problems.add(ex.id() + ": needs exactly one of payload, payload_text, payload_base64");
      }
      if (ex.valid()) {
        if (ex.doc().has("expect_reason") || ex.doc().has("expect_detail_contains")) {
          problems.add(ex.id() + ": a valid example expects no rejection");
        }
      } else {
        if (!codes.contains(ex.expectReason())) {
          problems.add(ex.id() + ": expect_reason missing or not one of " + codes);
        }
        if (ex.expectDetailContains() == null || ex.expectDetailContains().isBlank()) {
          problems.add(ex.id() + ": no expect_detail_contains");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void bothFoldersHoldExamplesOfEveryTopicKind() {
    for (String verdict : List.of("valid", "invalid")) {
      Set<String> kinds =
          EXAMPLES.stream()
              .filter(ex -> ex.verdict().equals(verdict))
              .map(ex -> ex.topic().substring(ex.topic().lastIndexOf('/') + 1))
              .collect(Collectors.toSet());
      assertThat(kinds).as(verdict).contains("telemetry", "status", "config");
    }
  }

  @Test
  void placeholdersResolveAgainstTheExamplesClock() {
    assertThat(ContractExample.resolve("{{now}}")).isEqualTo("2026-07-15T04:35:00Z");
    assertThat(ContractExample.resolve("{{now-10m}}")).isEqualTo("2026-07-15T04:25:00Z");
    assertThat(ContractExample.resolve("x {{now+1h}} {{now-8d}} {{now+301s}}"))
        .isEqualTo("x 2026-07-15T05:35:00Z 2026-07-07T04:35:00Z 2026-07-15T04:40:01Z");
  }
}
