package org.yizhan.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The TimescaleDB tests (tagged {@value #TAG}) skip where the test database has no TimescaleDB,
 * unless {@code YIZHAN_TEST_REQUIRE_TIMESCALE=1} says it must be there (the CI's TimescaleDB stage,
 * {@code .ci/timescaledb.sh}): then a missing extension fails the test instead of hiding it.
 */
public final class Timescale {

  /** JUnit tag of the tests that need TimescaleDB; the Maven profile "timescale" runs only them. */
  public static final String TAG = "timescale";

  static final String REQUIRE_ENV = "YIZHAN_TEST_REQUIRE_TIMESCALE";

  private static final String MISSING =
      "TimescaleDB is not available in the test database (not installed, or not in"
          + " shared_preload_libraries)";

  private Timescale() {}

  /** Whether this run must have TimescaleDB ({@code YIZHAN_TEST_REQUIRE_TIMESCALE=1}). */
  public static boolean required() {
    return required(System.getenv(REQUIRE_ENV));
  }

  static boolean required(String value) {
    return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
  }

  /**
   * Skips the test when TimescaleDB is not available, or fails it when this run requires
   * TimescaleDB.
   *
   * @param checks what the test would check, for the message
   */
  public static void assumeOrFail(boolean available, String checks) {
    failIfRequired(available, checks);
    assumeTrue(
        available,
        MISSING
            + ": skipping "
            + checks
            + "; point YIZHAN_TEST_DB_URL at a server with TimescaleDB to run them");
  }

  /**
   * For tests that also run on plain PostgreSQL: fails when TimescaleDB is not available but this
   * run requires it, otherwise lets the test go on.
   *
   * @param checks what the test would check, for the message
   */
  public static void failIfRequired(boolean available, String checks) {
    if (!available && required()) {
      String url = System.getenv("YIZHAN_TEST_DB_URL");
      fail(
          MISSING
              + ", but "
              + REQUIRE_ENV
              + "=1 requires it for "
              + checks
              + " (YIZHAN_TEST_DB_URL="
              + (url == null || url.isBlank() ? "unset: the embedded PostgreSQL" : url)
              + ")");
    }
  }
}
