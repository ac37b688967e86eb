package org.yizhan.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a JSON log line, written by the encoder the server's own logback.xml configures,
 * carries the formatted message under {@code "message"}, not the template with a separate argument
 * list.
 */
class JsonLogLineTest {

  @Test
  void theJsonLineCarriesTheFormattedMessageUnderMessage() throws Exception {
    JsonObject line = encode("ready: http://{}:{}/ with {} stations", "0.0.0.0", 8080, 11);

    assertThat(line.getString("message")).isEqualTo("ready: http://0.0.0.0:8080/ with 11 stations");
    assertThat(line.fieldNames()).doesNotContain("arguments", "formattedMessage");
    assertThat(line.getString("level")).isEqualTo("INFO");
    assertThat(line.getString("loggerName")).isEqualTo("org.yizhan.Server");
  }

  @Test
  void aMessageWithoutArgumentsIsWrittenAsIs() throws Exception {
    assertThat(encode("shutdown: complete").getString("message")).isEqualTo("shutdown: complete");
  }

  /** One event through the "json" appender's encoder of src/main/resources/logback.xml. */
  private static JsonObject encode(String template, Object... args) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    context.putProperty("YIZHAN_LOG_FORMAT", "json");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    URL production = JsonLogLineTest.class.getClassLoader().getResource("logback.xml");
    assertThat(production).as("logback.xml on the classpath").isNotNull();
    configurator.doConfigure(production);
    try {
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      @SuppressWarnings("unchecked")
      Encoder<ILoggingEvent> encoder =
          ((OutputStreamAppender<ILoggingEvent>) root.getAppender("json")).getEncoder();
      Logger server = context.getLogger("org.yizhan.Server");
      LoggingEvent event = new LoggingEvent(Logger.FQCN, server, Level.INFO, template, null, args);
      String json = new String(encoder.encode(event), StandardCharsets.UTF_8);
      assertThat(json).endsWith("\n");
      return new JsonObject(json.strip());
    } finally {
      context.stop();
    }
  }
}
