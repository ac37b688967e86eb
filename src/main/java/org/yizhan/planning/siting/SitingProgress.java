package org.yizhan.planning.siting;

/**
 * Told how far a run is: {@code fraction} of the time budget or work used (0 to 1, never going
 * back) and the phase's name: {@code reduce}, {@code greedy}, {@code swap}, {@code bound}, {@code
 * exact} (building the exact model), {@code solver} (an OR-Tools solver is running; a cancel now
 * interrupts it), {@code done}. Called from the solving thread; it must be quick and must not
 * block.
 */
@FunctionalInterface
public interface SitingProgress {
  SitingProgress NONE = (fraction, phase) -> {};

  void report(double fraction, String phase);
}
