package org.yizhan.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The duty lock's timing rules, in plain nanoseconds: when a holder starts and stops the duties.
 */
class LeaseTest {

  private static final long S = 1_000_000_000L;

  /** Verifies that a new holder runs no duty until the grace period has passed. */
  @Test
  void aNewHolderWaitsOutTheGraceBeforeRunningTheDuties() {
    Lease lease = new Lease(4 * S, 3 * S);
    assertThat(lease.acquired(0)).isFalse();
    assertThat(lease.owned(0)).isFalse();
    assertThat(lease.confirmed(2 * S)).isFalse();
    assertThat(lease.owned(2 * S)).isFalse();
    assertThat(lease.confirmed(4 * S)).as("gained now").isTrue();
    assertThat(lease.owned(4 * S)).isTrue();
    assertThat(lease.confirmed(5 * S)).as("gained only once").isFalse();
    assertThat(lease.owned(5 * S)).isTrue();
  }

  /** Verifies that with no grace (none needed) the holder owns the duties at once. */
  @Test
  void withoutGraceTheFirstHolderOwnsAtOnce() {
    Lease lease = new Lease(0, 0);
    assertThat(lease.acquired(7)).isTrue();
  }

  /** Verifies that an owner whose checks stop answering stops owning after the validity. */
  @Test
  void anOwnerWithoutAGoodCheckStopsOwningAfterTheValidity() {
    Lease lease = new Lease(4 * S, 3 * S);
    lease.acquired(0);
    lease.confirmed(4 * S);
    assertThat(lease.owned(4 * S + 3 * S - 1)).isTrue();
    assertThat(lease.owned(4 * S + 3 * S)).isFalse();
    assertThat(lease.confirmed(8 * S)).as("a late good check: it still holds the lock").isFalse();
    assertThat(lease.owned(8 * S)).isTrue();
  }

  /**
   * Verifies the bound between two owners: the old owner's session ends right after its last good
   * check at time c; a rival takes the lock no earlier than that, and only owns after the grace, by
   * which time the old owner has stopped owning.
   */
  @Test
  void theOldOwnerHasStoppedBeforeARivalStarts() {
    long grace = 4 * S;
    long valid = 3 * S;
    Lease old = new Lease(grace, valid);
    old.acquired(0);
    old.confirmed(grace);
    long lastCheck = 10 * S;
    old.confirmed(lastCheck);
    Lease rival = new Lease(grace, valid);
    rival.acquired(lastCheck);
    for (long t = lastCheck; t <= lastCheck + 2 * grace; t += S / 10) {
      rival.confirmed(t);
      assertThat(old.owned(t) && rival.owned(t)).as("two owners at %d ns", t).isFalse();
    }
    assertThat(rival.owned(lastCheck + grace)).isTrue();
  }

  /** Verifies that losing the lock stops the duties at once and tells whether they were running. */
  @Test
  void losingTheLockStopsAtOnce() {
    Lease lease = new Lease(S, S);
    lease.acquired(0);
    assertThat(lease.lost()).as("was only waiting").isFalse();
    lease.acquired(10 * S);
    lease.confirmed(11 * S);
    assertThat(lease.lost()).isTrue();
    assertThat(lease.owned(11 * S)).isFalse();
    assertThat(lease.holding()).isFalse();
    assertThat(lease.confirmed(12 * S)).as("a check after the loss changes nothing").isFalse();
  }

  /** Verifies that a grace shorter than a check's validity is refused. */
  @Test
  void aGraceShorterThanTheValidityIsRefused() {
    assertThatThrownBy(() -> new Lease(S, 2 * S)).isInstanceOf(IllegalArgumentException.class);
  }
}
