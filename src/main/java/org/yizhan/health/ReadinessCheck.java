package org.yizhan.health;

import java.util.Optional;

/**
 * One part the server cannot serve without, asked on every readiness probe. {@link #problem()} may
 * block (a database round trip): it is called off the event loop.
 */
public interface ReadinessCheck {

  /** The name the readiness answer lists it under. */
  String name();

  /** Why the part cannot be relied on now; empty when it is fine. */
  Optional<String> problem();

  /** A check from a name and a problem source. */
  static ReadinessCheck of(String name, java.util.function.Supplier<Optional<String>> problem) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Optional<String> problem() {
        return problem.get();
      }
    };
  }
}
