package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.RejectReason;

/**
 * What is kept of a refused message for admins: text PostgreSQL can store and a terminal can show,
 * clipped with its original length, and counts per reason even when nothing can be kept.
 */
class RejectionTextTest {

  @Test
  void plainTextIsKeptAsIs() {
    assertThat(RejectionLog.clean("yz/v1/st/a/dev/b\ttelemetry\n", 100))
        .isEqualTo("yz/v1/st/a/dev/b\ttelemetry\n");
    assertThat(RejectionLog.clean(null, 10)).isNull();
    assertThat(RejectionLog.clean("", 10)).isEmpty();
  }

  @Test
  void controlCharactersAreReplaced() {
    assertThat(RejectionLog.clean("a\u0000b\u001b[2Jc\u007f\r", 100))
        .isEqualTo("a\uFFFDb\uFFFD[2Jc\uFFFD\uFFFD");
  }

  @Test
  void pairedSurrogatesStayAndLoneOnesAreReplaced() {
    assertThat(RejectionLog.clean("驿站😀", 100)).isEqualTo("驿站😀");
    assertThat(RejectionLog.clean("a\uD83Db", 100)).isEqualTo("a\uFFFDb");
    assertThat(RejectionLog.clean("a\uDE00b", 100)).isEqualTo("a\uFFFDb");
    assertThat(RejectionLog.clean("\uDE00\uD83D", 100)).isEqualTo("\uFFFD\uFFFD");
    // A pair cut by the clip is not kept half.
    assertThat(RejectionLog.clean("ab😀", 3)).isEqualTo("ab\uFFFD…(4 chars)");
    assertThat(RejectionLog.clean("ab😀", 4)).isEqualTo("ab😀");
  }

  @Test
  void longTextIsClippedWithItsLength() {
    assertThat(RejectionLog.clean("abcdef", 6)).isEqualTo("abcdef");
    assertThat(RejectionLog.clean("abcdefg", 6)).isEqualTo("abcdef…(7 chars)");
  }

  @Test
  void everyRejectionIsCountedByReason() {
    RejectionLog log = new RejectionLog(null, 100);
    log.record("c", "d-1", "t", RejectReason.MALFORMED_JSON, "bad", new byte[] {'{'});
    log.record("c", "d-1", "t", RejectReason.MALFORMED_JSON, "bad", null);
    log.record(null, null, null, RejectReason.UNKNOWN_DEVICE, null, new byte[0]);

    assertThat(log.count(RejectReason.MALFORMED_JSON)).isEqualTo(2);
    assertThat(log.count(RejectReason.UNKNOWN_DEVICE)).isEqualTo(1);
    assertThat(log.count(RejectReason.NOT_AUTHORIZED)).isZero();
    Map<RejectReason, Long> counts = log.counts();
    assertThat(counts).hasSize(RejectReason.values().length);
    assertThat(counts.get(RejectReason.MALFORMED_JSON)).isEqualTo(2);
    assertThat(counts.get(RejectReason.UNKNOWN_DEVICE)).isEqualTo(1);
    assertThat(counts.get(RejectReason.TOO_OLD)).isZero();
    assertThat(log.dropped()).isZero();
  }

  @Test
  void rejectionsBeyondTheQueueAreCountedAndDropped() {
    RejectionLog log = new RejectionLog(null, 100); // not started: nothing drains the queue
    for (int i = 0; i < 10_003; i++) {
      log.record("c", "d-1", "t", RejectReason.TOO_OLD, "old", null);
    }

    assertThat(log.count(RejectReason.TOO_OLD)).isEqualTo(10_003);
    assertThat(log.dropped()).isEqualTo(3);
  }
}
