package org.yizhan.db;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Verifies the ingest.md promise that an external PostgreSQL running with {@code fsync=off} or
 * {@code full_page_writes=off} is named in a warning at start, and that the server starts all the
 * same; a durable server gets no such warning.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NonDurableServerWarningIT {

  @Test
  void fsyncOffAndFullPageWritesOffAreEachWarnedAboutAtStart() throws Exception {
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("synchronous_commit", "on")
            .start()) {
      List<String> warnings = warningsWhileStarting(pg);
      assertThat(warnings).anyMatch(w -> w.contains("fsync=off"));
      assertThat(warnings).anyMatch(w -> w.contains("full_page_writes=off"));
    }
  }

  @Test
  void aDurableServerStartsWithoutWarnings() throws Exception {
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("full_page_writes", "on")
            .start()) {
      assertThat(warningsWhileStarting(pg)).isEmpty();
    }
  }

  /** Starts the server's database layer on {@code pg} and returns what it warned about. */
  private static List<String> warningsWhileStarting(EmbeddedPostgres pg) throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(Durability.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    log.addAppender(seen);
    try (Database db =
        Database.external(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 2)) {
      assertThat(db.isReachable()).as("the server starts all the same").isTrue();
    } finally {
      log.detachAppender(seen);
    }
    return seen.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
