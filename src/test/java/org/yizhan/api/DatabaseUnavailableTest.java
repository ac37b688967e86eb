package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Verifies which failures count as the database out of reach (503) rather than a defect (500). */
class DatabaseUnavailableTest {

  @Test
  void connectionAndShutdownStatesAreUnavailable() {
    assertThat(Problems.databaseUnavailable(new SQLException("refused", "08001"))).isTrue();
    assertThat(Problems.databaseUnavailable(new SQLException("gone", "08006"))).isTrue();
    assertThat(Problems.databaseUnavailable(new SQLException("shutdown", "57P01"))).isTrue();
    assertThat(Problems.databaseUnavailable(new SQLException("starting", "57P03"))).isTrue();
    assertThat(Problems.databaseUnavailable(new SQLException("no memory", "53200"))).isTrue();
    assertThat(
            Problems.databaseUnavailable(
                new SQLTransientConnectionException("Connection is not available")))
        .isTrue();
    assertThat(
            Problems.databaseUnavailable(
                new CompletionException(new SQLException("wrapped", "08003"))))
        .as("found under a wrapper")
        .isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(Problems.databaseUnavailable(new SQLException("syntax", "42601"))).isFalse();
    assertThat(Problems.databaseUnavailable(new SQLException("cancelled", "57014"))).isFalse();
    assertThat(Problems.databaseUnavailable(new SQLException("no state"))).isFalse();
    assertThat(Problems.databaseUnavailable(new IllegalStateException("bug"))).isFalse();
  }
}
