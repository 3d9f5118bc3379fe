package dev.kafkaeventing.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import org.slf4j.Marker;

/**
 * Drops the WARN lines the embedded Kafka writes in normal operation and that ask nothing of the
 * user: the controller's note on its first start, and a double close while the broker stops.
 * Matched by logger and message, so every other warning of those loggers still shows (for
 * example a Kafka that cannot be reached). Installed by {@code logback.xml}; stateless.
 */
public final class KnownKafkaNoise extends TurboFilter {

  private static final Map<String, String> BENIGN = Map.of(
      "org.apache.kafka.controller.QuorumController", "The metadata log appears to be empty",
      "org.apache.kafka.clients.NetworkClient", "Attempting to close NetworkClient that has already been closed");

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
      Throwable t) {
    if (level != Level.WARN || format == null) {
      return FilterReply.NEUTRAL;
    }
    String text = BENIGN.get(logger.getName());
    return text != null && format.contains(text) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
