package dev.kafkaeventing.platform.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * {@code up --log-format}: {@code text} (logback.xml's pattern) or {@code json}, one JSON object a
 * line from logback's {@link JsonEncoder}: {@code timestamp}, {@code level}, {@code loggerName},
 * {@code threadName}, {@code mdc} (the resource's {@code kind}, {@code namespace} and {@code name}
 * while the control plane reconciles it), {@code formattedMessage} and {@code throwable}.
 * Called once at start, before the platform logs.
 */
public final class LogFormat {

  private LogFormat() {}

  /** Applies {@code format} to the appenders of the running logback configuration. */
  public static void apply(String format) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context, format);
    }
  }

  /** Switches every output-stream appender (the console's among them) of {@code context} to JSON. */
  static void apply(LoggerContext context, String format) {
    switch (format.toLowerCase(Locale.ROOT)) {
      case "text" -> { }
      case "json" -> {
        Iterator<Appender<ILoggingEvent>> appenders = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
            .iteratorForAppenders();
        while (appenders.hasNext()) {
          if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithContext(false);
            encoder.setWithFormattedMessage(true);
            encoder.start();
            // Swapped in place: a stop would close the stream (and a console appender's restart is
            // the only one that reopens it).
            appender.setEncoder(encoder);
          }
        }
      }
      default -> throw new IllegalArgumentException("--log-format: expected text or json, got '" + format + "'");
    }
  }
}
