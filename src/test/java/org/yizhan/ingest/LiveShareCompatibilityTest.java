package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.Reading;

/**
 * Announcements between instances of different versions: a line without flags (an instance older
 * than quality flags) is an unjudged reading, flags travel, and a malformed line is skipped alone.
 */
class LiveShareCompatibilityTest {

  private static final Instant T = Instant.parse("2026-07-01T04:05:06Z");

  private static Reading flagged(int flags) {
    return new Reading(
        "st-1",
        "dev-1",
        7,
        T,
        3,
        null,
        null,
        21.5,
        null,
        80,
        null,
        null,
        T.plusSeconds(1),
        false,
        flags);
  }

  @Test
  void flagsTravelWithTheReading() {
    List<String> payloads = LiveShare.encode("a", List.of(flagged(5)));

    assertThat(payloads).hasSize(1);
    assertThat(payloads.get(0))
        .isEqualTo(
            "v1\ta\nst-1\tdev-1\t7\t2026-07-01T04:05:06Z\t3\t21.5\t\t80\t"
                + "\t2026-07-01T04:05:07Z\t5\n");
    assertThat(LiveShare.decode("b", payloads.get(0))).containsExactly(flagged(5));
  }

  @Test
  void aLineWithoutFlagsIsAnUnjudgedReadingAndAMalformedLineIsSkipped() {
    String payload =
        "v1\told\n"
            + "st-1\tdev-1\t7\t2026-07-01T04:05:06Z\t3\t21.5\t\t80\t\t2026-07-01T04:05:07Z\n"
            + "st-1\tdev-1\t8\t2026-07-01T04:05:06Z\n"
            + "\n"
            + "st-1\tdev-1\t7\t2026-07-01T04:05:06Z\t3\t21.5\t\t80\t\t2026-07-01T04:05:07Z\t5\n";

    assertThat(LiveShare.decode("b", payload)).containsExactly(flagged(0), flagged(5));
  }

  /**
   * Verifies that counters and the backfill mark travel (the other instances' quality judges need
   * them) only on the lines of readings that have them, and that fields a newer instance adds after
   * them are ignored rather than making the line malformed.
   */
  @Test
  void countersAndTheBackfillMarkTravelOnlyWhenPresentAndLaterFieldsAreIgnored() {
    Reading counted =
        new Reading(
            "st-1", "dev-1", 8, T, 3, 5_000L, 4_997L, null, null, null, null, null, T, true, 8);
    List<String> payloads = LiveShare.encode("a", List.of(counted, flagged(0)));

    assertThat(payloads)
        .containsExactly(
            "v1\ta\nst-1\tdev-1\t8\t2026-07-01T04:05:06Z\t3\t\t\t\t\t2026-07-01T04:05:06Z\t8"
                + "\t5000\t4997\tb\n"
                + "st-1\tdev-1\t7\t2026-07-01T04:05:06Z\t3\t21.5\t\t80\t\t2026-07-01T04:05:07Z\t0\n");
    assertThat(LiveShare.decode("b", payloads.get(0))).containsExactly(counted, flagged(0));
    String newer =
        "v1\ta\nst-1\tdev-1\t8\t2026-07-01T04:05:06Z\t3\t\t\t\t\t2026-07-01T04:05:06Z\t8"
            + "\t5000\t4997\tb\tsomething-new\n";
    assertThat(LiveShare.decode("b", newer)).containsExactly(counted);
  }

  @Test
  void aHeaderWithMoreThanTwoFieldsIsAnotherVersion() {
    assertThat(
            LiveShare.decode(
                "b",
                "v1\ta\tx\nst-1\tdev-1\t7\t2026-07-01T04:05:06Z\t3\t21.5\t\t80\t"
                    + "\t2026-07-01T04:05:07Z\t5\n"))
        .isEmpty();
    assertThat(LiveShare.decode("b", "no header line")).isEmpty();
  }

  @Test
  void eachInstanceHasItsOwnName() {
    assertThat(new LiveShare(null, r -> {}, () -> {}).instance())
        .hasSize(13)
        .isNotEqualTo(new LiveShare(null, r -> {}, () -> {}).instance());
  }

  @Test
  void aDeviceStateTravelsAsItsOwnKindWhichReadingDecodersIgnore() {
    org.yizhan.live.DevicePresence.Presence off =
        new org.yizhan.live.DevicePresence.Presence("dev-1", false, T, "lwt", "2.1\t0");
    String payload = LiveShare.encodeStatus("a", off);

    assertThat(payload).isEqualTo("p1\ta\ndev-1\toff\t2026-07-01T04:05:06Z\tlwt\t2.1 0\n");
    // An instance that knows only readings (any before status sharing) takes nothing from it.
    assertThat(LiveShare.decode("b", payload)).isEmpty();
    assertThat(LiveShare.decodeStatus("b", payload))
        .contains(new org.yizhan.live.DevicePresence.Presence("dev-1", false, T, "lwt", "2.1 0"));
    assertThat(LiveShare.decodeStatus("a", payload)).as("its own").isEmpty();
    assertThat(LiveShare.decodeStatus("b", "p1\ta\ndev-1\ton\tyesterday\t\t\n")).isEmpty();
  }
}
