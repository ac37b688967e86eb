package org.yizhan.telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract examples' topics and payload bytes, for tests outside this package: the fuzz tests
 * of {@code org.yizhan.fuzz} start from them.
 */
public final class ContractExamplePayloads {

  /** The server clock the examples are judged against. */
  public static final Instant NOW = ContractExample.NOW;

  private ContractExamplePayloads() {}

  /** One example: its id ({@code valid/telemetry-batch}), topic and payload as published. */
  public record Payload(String id, String topic, byte[] bytes) {
    /** The last topic level: telemetry, status or config. */
    public String kind() {
      return topic.substring(topic.lastIndexOf('/') + 1);
    }
  }

  /** Every example, valid and invalid. */
  public static List<Payload> all() {
    List<Payload> out = new ArrayList<>();
    for (ContractExample ex : ContractExample.all()) {
      try {
        out.add(new Payload(ex.id(), ex.topic(), ex.payloadBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
