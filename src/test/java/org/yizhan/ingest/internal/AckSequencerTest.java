package org.yizhan.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PUBACKs leave in the order their PUBLISHes arrived, however their completions come in. */
class AckSequencerTest {

  private final AckSequencer acks = new AckSequencer();
  private final List<Integer> sent = new ArrayList<>();

  @Test
  void aLaterCompletionWaitsForEverythingBeforeIt() {
    Object first = acks.reserve(1);
    Object second = acks.reserve(2);
    Object third = acks.reserve(3);
    assertThat(acks.pending()).isEqualTo(3);

    acks.completeWithAck(third, sent::add);
    acks.completeWithAck(second, sent::add);
    assertThat(sent).isEmpty();
    assertThat(acks.pending()).isEqualTo(3);

    acks.completeWithAck(first, sent::add);
    assertThat(sent).containsExactly(1, 2, 3);
    assertThat(acks.pending()).isZero();
  }

  @Test
  void theHeadIsSentAtOnceAndTheRestStaysInLine() {
    Object first = acks.reserve(7);
    Object second = acks.reserve(8);

    acks.complete(first, () -> sent.add(-7));
    assertThat(sent).containsExactly(-7);
    assertThat(acks.pending()).isEqualTo(1);
    assertThat(acks.messageId(second)).isEqualTo(8);
    assertThat(acks.messageId(first)).isEqualTo(7);

    acks.completeWithAck(second, sent::add);
    assertThat(sent).containsExactly(-7, 8);
    assertThat(acks.pending()).isZero();
  }
}
