package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which database errors refuse the data, and what a device is told when they do. */
class StorageRefusalTest {

  @Test
  void dataExceptionsIntegrityViolationsAndProgramLimitsRefuseTheData() {
    assertThat(StorageRefusal.isDataError(new SQLException("x", "22003"))).isTrue();
    assertThat(StorageRefusal.isDataError(new SQLException("x", "23502"))).isTrue();
    assertThat(StorageRefusal.isDataError(new SQLException("x", "54000"))).isTrue();
  }

  @Test
  void aDuplicateKeyAndEverythingElseAreNotRefusalsOfTheData() {
    assertThat(StorageRefusal.isDataError(new SQLException("x", "23505"))).isFalse();
    assertThat(StorageRefusal.isDataError(new SQLException("x", "08006"))).isFalse();
    assertThat(StorageRefusal.isDataError(new SQLException("x", "53100"))).isFalse();
    assertThat(StorageRefusal.isDataError(new SQLException("x", "42P01"))).isFalse();
  }

  @Test
  void aStateThatIsMissingOrNotFiveCharactersIsNotARefusal() {
    assertThat(StorageRefusal.isDataError(new SQLException("x", (String) null))).isFalse();
    assertThat(StorageRefusal.isDataError(new SQLException("x", "2200"))).isFalse();
    assertThat(StorageRefusal.isDataError(new SQLException("x", "220030"))).isFalse();
  }

  @Test
  void theDetailNamesTheReadingsTheStateAndTheFirstLineOfTheMessage() {
    SQLException e =
        new SQLException("ERROR: out of range\n  Where: COPY reading, line 2", "22003");

    assertThat(StorageRefusal.detail(1, e))
        .isEqualTo("the database refused the reading (SQLSTATE 22003): ERROR: out of range");
    assertThat(StorageRefusal.detail(3, e))
        .isEqualTo("the database refused these 3 readings (SQLSTATE 22003): ERROR: out of range");
  }

  @Test
  void aFailureWithoutAStateIsToldWithoutOne() {
    assertThat(StorageRefusal.detail(1, new IllegalStateException("cannot encode")))
        .isEqualTo("the database refused the reading: cannot encode");
    assertThat(StorageRefusal.detail(2, new SQLException((String) null, (String) null)))
        .isEqualTo("the database refused these 2 readings: no message");
  }

  @Test
  void theFirstLineIsCutAfterThreeHundredCharacters() {
    String exact = "a".repeat(300);

    assertThat(StorageRefusal.firstLine(exact)).isEqualTo(exact);
    assertThat(StorageRefusal.firstLine(exact + "b")).isEqualTo(exact + "…");
    assertThat(StorageRefusal.firstLine("one\ntwo")).isEqualTo("one");
    assertThat(StorageRefusal.firstLine("\nsecond")).isEmpty();
    assertThat(StorageRefusal.firstLine(null)).isEqualTo("no message");
  }
}
