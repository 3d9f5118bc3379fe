package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.crds.ObjectMeta;
import dev.kafkaeventing.dispatcher.DispatchLimits;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The annotations by which a Trigger tunes its dispatch, read and checked in one place.
 *
 * <ul>
 *   <li>{@value #DELIVERY_ORDER}: {@code ordered} or {@code unordered} (default)
 *   <li>{@value #MAX_IN_FLIGHT}: events in flight to the subscriber at once (default: the
 *       instance's {@code --max-in-flight-per-trigger})
 *   <li>{@value #MAX_EVENTS_PER_SECOND}: new events per second to the subscriber (default: no limit)
 *   <li>{@value #START_FROM}: an RFC 3339 time; a new Trigger first receives its broker's events
 *       since then
 * </ul>
 *
 * @param ordered per-key ordered delivery
 * @param limits window and rate
 * @param startFrom the replay start of a new Trigger, or null
 */
record TriggerAnnotations(boolean ordered, DispatchLimits limits, Instant startFrom) {

  static final String DELIVERY_ORDER = "kafka.eventing.knative.dev/delivery.order";
  static final String MAX_IN_FLIGHT = "kafka-eventing.dev/max-in-flight";
  static final String MAX_EVENTS_PER_SECOND = "kafka-eventing.dev/max-events-per-second";
  static final String START_FROM = "kafka-eventing.dev/start-from";

  /**
   * Reads a Trigger's annotations.
   *
   * @throws IllegalArgumentException naming the annotation whose value is invalid
   */
  static TriggerAnnotations of(ObjectMeta metadata) {
    String order = metadata.annotation(DELIVERY_ORDER).orElse("unordered").strip();
    if (!order.equals("ordered") && !order.equals("unordered")) {
      throw new IllegalArgumentException(DELIVERY_ORDER + " must be ordered or unordered, got '" + order + "'");
    }
    int maxInFlight = metadata.annotation(MAX_IN_FLIGHT).map(value -> positiveInt(MAX_IN_FLIGHT, value)).orElse(0);
    double rate = metadata.annotation(MAX_EVENTS_PER_SECOND).map(value -> positiveNumber(MAX_EVENTS_PER_SECOND, value))
        .orElse(0.0);
    Instant startFrom = startFrom(metadata.annotation(START_FROM));
    return new TriggerAnnotations(order.equals("ordered"), new DispatchLimits(maxInFlight, rate), startFrom);
  }

  private static int positiveInt(String name, String value) {
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a whole number above 0, got '" + value + "'");
  }

  private static double positiveNumber(String name, String value) {
    try {
      double parsed = Double.parseDouble(value.strip());
      if (parsed > 0 && !Double.isInfinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a number above 0, got '" + value + "'");
  }

  private static Instant startFrom(Optional<String> value) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.get().strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(START_FROM + " must be an RFC 3339 time such as 2026-01-31T08:00:00Z, got '"
          + value.get() + "'");
    }
  }
}
