package org.yizhan.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.reflect.Proxy;

/**
 * Logback's {@link JsonEncoder} with the formatted message under {@code "message"} ({@code "ready:
 * http://0.0.0.0:8080/ with 11 stations"}), and no separate argument list. Logback's own encoder
 * writes the template there ({@code "ready: http://{}:{}/ with {} stations"}) and can add the
 * formatted text only under another key, {@code "formattedMessage"}, which log tools do not show by
 * default. Everything else (level, logger, thread, MDC, key-value pairs, the throwable) is the
 * stock encoder's.
 */
public final class JsonLineEncoder extends JsonEncoder {

  public JsonLineEncoder() {
    setWithArguments(false);
    setWithFormattedMessage(false);
    setWithMessage(true);
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return super.encode(formatted(event));
  }

  /** The event as the encoder should see it: its message already formatted, no arguments. */
  static ILoggingEvent formatted(ILoggingEvent event) {
    String text = event.getFormattedMessage();
    return (ILoggingEvent)
        Proxy.newProxyInstance(
            ILoggingEvent.class.getClassLoader(),
            new Class<?>[] {ILoggingEvent.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getMessage" -> text;
                  case "getArgumentArray" -> null;
                  default -> delegate(event, method, args);
                });
  }

  private static Object delegate(
      ILoggingEvent event, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(event, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
