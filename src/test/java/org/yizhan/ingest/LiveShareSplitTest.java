package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.Reading;

/**
 * Where the announcement of readings is split ({@link LiveShare#MAX_PAYLOAD} exactly, never an
 * empty payload), and the counters and backfill mark, each on its own, bringing the longer line.
 */
class LiveShareSplitTest {

  private static final Instant T = Instant.parse("2026-07-01T04:05:06Z");
  private static final String HEADER = "v1\ta\n";

  private static Reading at(String stationId) {
    return new Reading(stationId, "dev-1", 7, T, 3, null, null, null, null, null, null, null, T);
  }

  private static Reading with(Long entries, Long exits, boolean batched) {
    return new Reading(
        "st-1", "dev-1", 7, T, 3, entries, exits, null, null, null, null, null, T, batched, 0);
  }

  /** The length of a reading's line (with its line break) when its station id has n characters. */
  private static int lineLength(int n) {
    return LiveShare.encode("a", List.of(at("s".repeat(n)))).get(0).length() - HEADER.length();
  }

  @Test
  void aPayloadOfExactlyTheLimitIsNotSplitAndOneCharacterMoreIs() {
    int rest = lineLength(0);
    int second = LiveShare.MAX_PAYLOAD - HEADER.length() - rest - (100 + rest);
    List<Reading> exactly = List.of(at("s".repeat(100)), at("t".repeat(second)));
    List<Reading> over = List.of(at("s".repeat(100)), at("t".repeat(second + 1)));

    List<String> one = LiveShare.encode("a", exactly);
    assertThat(one).hasSize(1);
    assertThat(one.get(0)).hasSize(LiveShare.MAX_PAYLOAD);
    assertThat(LiveShare.decode("b", one.get(0))).isEqualTo(exactly);

    List<String> two = LiveShare.encode("a", over);
    assertThat(two).hasSize(2).allSatisfy(p -> assertThat(p).startsWith(HEADER));
    assertThat(two.get(0)).hasSize(HEADER.length() + 100 + rest);
    assertThat(LiveShare.decode("b", two.get(0))).containsExactly(over.get(0));
    assertThat(LiveShare.decode("b", two.get(1))).containsExactly(over.get(1));
  }

  @Test
  void aLineLongerThanTheLimitTravelsAloneAndNoPayloadIsEmpty() {
    // Over the margin, yet under PostgreSQL's own limit of 8000 bytes.
    Reading longOne = at("l".repeat(LiveShare.MAX_PAYLOAD - lineLength(0) + 20));
    assertThat(lineLength(longOne.stationId().length())).isGreaterThan(LiveShare.MAX_PAYLOAD);

    List<String> alone = LiveShare.encode("a", List.of(longOne));
    assertThat(alone).hasSize(1);
    assertThat(LiveShare.decode("b", alone.get(0))).containsExactly(longOne);

    List<String> between = LiveShare.encode("a", List.of(at("st-1"), longOne, at("st-2")));
    assertThat(between)
        .hasSize(3)
        .allSatisfy(p -> assertThat(p.length()).isGreaterThan(HEADER.length()));
    assertThat(LiveShare.decode("b", between.get(0))).containsExactly(at("st-1"));
    assertThat(LiveShare.decode("b", between.get(1))).containsExactly(longOne);
    assertThat(LiveShare.decode("b", between.get(2))).containsExactly(at("st-2"));
  }

  @Test
  void anyOneOfEntriesExitsOrTheBackfillMarkBringsTheLongerLine() {
    String start =
        HEADER + "st-1\tdev-1\t7\t2026-07-01T04:05:06Z\t3\t\t\t\t\t2026-07-01T04:05:06Z\t0";
    Reading entries = with(5_000L, null, false);
    Reading exits = with(null, 4_997L, false);
    Reading backfill = with(null, null, true);
    Reading none = with(null, null, false);

    assertThat(LiveShare.encode("a", List.of(entries))).containsExactly(start + "\t5000\t\t\n");
    assertThat(LiveShare.encode("a", List.of(exits))).containsExactly(start + "\t\t4997\t\n");
    assertThat(LiveShare.encode("a", List.of(backfill))).containsExactly(start + "\t\t\tb\n");
    assertThat(LiveShare.encode("a", List.of(none))).containsExactly(start + "\n");
    for (Reading r : List.of(entries, exits, backfill, none)) {
      assertThat(LiveShare.decode("b", LiveShare.encode("a", List.of(r)).get(0)))
          .containsExactly(r);
    }
  }
}
