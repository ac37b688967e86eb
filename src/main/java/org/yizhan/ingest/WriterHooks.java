package org.yizhan.ingest;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.yizhan.telemetry.Reading;

/**
 * What the reading writer does around each batch, on its own thread, fixed when it is made.
 *
 * @param judge judges every reading in ingest order before it is stored: the result, with its
 *     quality flags, is what is stored, announced and applied to live state
 * @param afterCommit told about every committed batch (live state)
 * @param share announces every batch to the other server instances inside the transaction that
 *     stores it (broker mode); empty when this instance is alone
 */
public record WriterHooks(
    UnaryOperator<Reading> judge, Consumer<List<Reading>> afterCommit, Optional<LiveShare> share) {

  /** Readings stored as they come, committed batches told to {@code afterCommit}, no sharing. */
  public static WriterHooks afterCommit(Consumer<List<Reading>> afterCommit) {
    return new WriterHooks(UnaryOperator.identity(), afterCommit, Optional.empty());
  }
}
