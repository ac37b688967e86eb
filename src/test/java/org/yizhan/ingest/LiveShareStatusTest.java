package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.yizhan.live.DevicePresence.Presence;

/** A device's declared state between instances: both states, unknown fields, malformed payloads. */
class LiveShareStatusTest {

  private static final Instant T = Instant.parse("2026-07-01T04:05:06Z");

  @Test
  void anOnlineStateTravelsAsOn() {
    Presence on = new Presence("dev-1", true, T, "birth", "1.2.0");
    String payload = LiveShare.encodeStatus("a", on);

    assertThat(payload).isEqualTo("p1\ta\ndev-1\ton\t2026-07-01T04:05:06Z\tbirth\t1.2.0\n");
    assertThat(LiveShare.decodeStatus("b", payload)).contains(on);
  }

  @Test
  void anOfflineStateTravelsAsOff() {
    Presence off = new Presence("dev-1", false, T, "lwt", "1.2.0");
    String payload = LiveShare.encodeStatus("a", off);

    assertThat(payload).isEqualTo("p1\ta\ndev-1\toff\t2026-07-01T04:05:06Z\tlwt\t1.2.0\n");
    assertThat(LiveShare.decodeStatus("b", payload)).contains(off);
  }

  @Test
  void anUnknownReasonAndFirmwareTravelAsEmptyFieldsAndComeBackUnknown() {
    Presence bare = new Presence("dev-1", false, T, null, null);
    String payload = LiveShare.encodeStatus("a", bare);

    assertThat(payload).isEqualTo("p1\ta\ndev-1\toff\t2026-07-01T04:05:06Z\t\t\n");
    assertThat(LiveShare.decodeStatus("b", payload)).contains(bare);
    assertThat(LiveShare.decodeStatus("b", "p1\ta\ndev-1\ton\t2026-07-01T04:05:06Z\t\t9.9\n"))
        .contains(new Presence("dev-1", true, T, null, "9.9"));
    assertThat(LiveShare.decodeStatus("b", "p1\ta\ndev-1\ton\t2026-07-01T04:05:06Z\tbirth\t\n"))
        .contains(new Presence("dev-1", true, T, "birth", null));
  }

  @Test
  void lineBreaksAndTabsInTheReasonCannotBreakTheLine() {
    Presence odd = new Presence("dev-1", false, T, "a\tb\nc\rd", "x\ny\rz");
    String payload = LiveShare.encodeStatus("a", odd);

    assertThat(payload).isEqualTo("p1\ta\ndev-1\toff\t2026-07-01T04:05:06Z\ta b c d\tx y z\n");
    assertThat(LiveShare.decodeStatus("b", payload))
        .contains(new Presence("dev-1", false, T, "a b c d", "x y z"));
  }

  @Test
  void malformedOrForeignPayloadsGiveNoState() {
    String line = "dev-1\ton\t2026-07-01T04:05:06Z\tbirth\t1.2.0\n";
    assertThat(LiveShare.decodeStatus("b", "p1\ta\n" + line)).isPresent();

    assertThat(LiveShare.decodeStatus("b", "p1\ta")).as("header only").isEmpty();
    assertThat(LiveShare.decodeStatus("b", "p1\ta\n")).as("header only, line break").isEmpty();
    assertThat(LiveShare.decodeStatus("b", "p1\ta\tx\n" + line)).as("header of 3").isEmpty();
    assertThat(LiveShare.decodeStatus("b", "p1\n" + line)).as("header of 1").isEmpty();
    assertThat(LiveShare.decodeStatus("b", "p2\ta\n" + line)).as("another kind").isEmpty();
    assertThat(LiveShare.decodeStatus("b", "v1\ta\n" + line)).as("readings").isEmpty();
    assertThat(LiveShare.decodeStatus("b", "p1\ta\ndev-1\ton\t2026-07-01T04:05:06Z\tbirth\n"))
        .as("4 fields")
        .isEmpty();
    assertThat(LiveShare.decodeStatus("b", "p1\ta\n\ton\t2026-07-01T04:05:06Z\tbirth\t1.2.0\n"))
        .as("no device")
        .isEmpty();
  }

  @Test
  void laterFieldsFromANewerInstanceAreIgnored() {
    assertThat(
            LiveShare.decodeStatus(
                "b", "p1\ta\ndev-1\ton\t2026-07-01T04:05:06Z\tbirth\t1.2.0\tsomething-new\n"))
        .contains(new Presence("dev-1", true, T, "birth", "1.2.0"));
  }
}
