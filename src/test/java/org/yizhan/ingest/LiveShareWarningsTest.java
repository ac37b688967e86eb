package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Warnings about announcements: at tens of thousands of readings a second, only a truly malformed
 * line may be warned about, never the header or a blank line of a good payload.
 */
class LiveShareWarningsTest {

  private static final String LINE =
      "st-1\tdev-1\t7\t2026-07-01T04:05:06Z\t3\t21.5\t\t80\t\t2026-07-01T04:05:07Z\t5\n";

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger log = (Logger) LoggerFactory.getLogger(LiveShare.class);

  @BeforeEach
  void listen() {
    logs.start();
    log.addAppender(logs);
  }

  @AfterEach
  void stopListening() {
    log.detachAppender(logs);
  }

  private List<String> warnings() {
    String thread = Thread.currentThread().getName();
    return logs.list.stream()
        .filter(e -> e.getThreadName().equals(thread))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void aGoodPayloadWithABlankLineDecodesWithoutWarnings() {
    assertThat(LiveShare.decode("b", "v1\ta\n" + LINE + "\n" + LINE)).hasSize(2);

    assertThat(warnings()).isEmpty();
  }

  @Test
  void eachMalformedLineIsWarnedAboutOnce() {
    assertThat(LiveShare.decode("b", "v1\ta\n" + LINE + "st-1\tdev-1\t8\n" + LINE)).hasSize(2);

    assertThat(warnings()).containsExactly("live share: skipping a malformed line");
  }
}
