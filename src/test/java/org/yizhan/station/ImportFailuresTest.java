package org.yizhan.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.yizhan.error.DomainException;
import org.yizhan.station.internal.StationRepository.CommitFailedException;

/** Verifies what an import's caller is told for each kind of database failure. */
class ImportFailuresTest {

  @Test
  void aLostConnectionInABatchIsARetryableUnavailableNamingTheDatabasesReason() {
    BatchUpdateException batch =
        new BatchUpdateException("Batch entry 0 INSERT INTO station ... values", "57P01", 0, null);
    batch.setNextException(
        new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
    DomainException p = ImportFailures.problem(batch, 10);
    assertThat(p).isInstanceOf(DomainException.Unavailable.class);
    assertThat(p.retryAfterSeconds()).isEqualTo(ImportFailures.RETRY_AFTER_S);
    assertThat(p.getMessage()).contains("57P01").contains("nothing was imported");
    assertThat(p.getMessage()).doesNotContain("INSERT");
  }

  @Test
  void aValueTheDatabaseRefusesIsTheFilesFaultWithNothingStored() {
    DomainException p = ImportFailures.problem(new SQLException("value too long", "22001"), 3);
    assertThat(p).isInstanceOf(DomainException.InvalidInput.class);
    assertThat(p.retryAfterSeconds()).isZero();
    assertThat(((DomainException.InvalidInput) p).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("body"));
    assertThat(p.getMessage()).contains("nothing was imported");
  }

  @Test
  void aFailedCommitSaysTheOutcomeIsUnknownInsteadOfNothingImported() {
    DomainException p =
        ImportFailures.problem(
            new CommitFailedException(new SQLException("I/O error", "08006")), 3);
    assertThat(p).isInstanceOf(DomainException.Unavailable.class);
    assertThat(p.retryAfterSeconds()).isPositive();
    assertThat(p.getMessage()).contains("may or may not").doesNotContain("nothing was imported");
  }

  @Test
  void aTimeoutOrSerializationFailureIsRetryable() {
    for (String state : new String[] {"57014", "55P03", "40001", "53300", "08001"}) {
      DomainException p = ImportFailures.problem(new SQLException("x", state), 1);
      assertThat(p).as(state).isInstanceOf(DomainException.Unavailable.class);
    }
  }
}
