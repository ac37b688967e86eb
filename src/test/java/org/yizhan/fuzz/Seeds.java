package org.yizhan.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.yizhan.telemetry.ContractExamplePayloads;

/**
 * Seed inputs taken from {@code firmware-contracts/examples}: run as regression inputs in every
 * build, and handed to Jazzer as its starting corpus when fuzzing.
 */
final class Seeds {

  private Seeds() {}

  /** The payloads of every example published on topics of this kind (telemetry, status, config). */
  static Stream<Arguments> payloads(String kind) {
    return ContractExamplePayloads.all().stream()
        .filter(p -> p.kind().equals(kind))
        .map(p -> Arguments.argumentSet(p.id(), (Object) p.bytes()));
  }

  /** The topic of every example, valid or not. */
  static Stream<Arguments> topics() {
    return ContractExamplePayloads.all().stream()
        .map(
            p ->
                Arguments.argumentSet(p.id(), (Object) p.topic().getBytes(StandardCharsets.UTF_8)));
  }
}
