package org.yizhan.planning.runs;

import java.time.Instant;
import java.util.Optional;

/**
 * A run as it stands at one moment.
 *
 * @param fraction how far it is, 0 to 1 (never going back)
 * @param phase what it is doing, e.g. {@code greedy}, {@code bound}, {@code exact}
 * @param result what the job answered, once {@link RunState#DONE}
 * @param error why it failed, once {@link RunState#FAILED}
 */
public record RunView<T>(
    String id,
    String kind,
    String name,
    String owner,
    RunState state,
    double fraction,
    String phase,
    Instant submitted,
    Optional<Instant> started,
    Optional<Instant> finished,
    Optional<T> result,
    Optional<String> error) {}
