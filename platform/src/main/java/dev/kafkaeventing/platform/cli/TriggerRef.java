package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.crds.ResourceKind;

/**
 * Reads {@code trigger/NAME} (any name of the Trigger kind: {@code triggers/NAME} too), and for the
 * parked events, whose routes are Triggers and KafkaSources, {@code kafkasource/NAME} too.
 */
final class TriggerRef {

  private TriggerRef() {}

  /** The Trigger's name. */
  static String name(String reference) {
    int slash = reference.indexOf('/');
    if (slash <= 0 || slash == reference.length() - 1
        || ResourceKind.lookup(reference.substring(0, slash)).orElse(null) != ResourceKind.TRIGGER) {
      throw new CliException("expected trigger/NAME, got '" + reference + "'");
    }
    return reference.substring(slash + 1);
  }

  /** A route's kind and name: {@code trigger/NAME} or {@code kafkasource/NAME}. */
  record Route(ResourceKind kind, String name) {

    /** The admin API's {@code kind} query parameter; empty for a Trigger. */
    String query() {
      return kind == ResourceKind.TRIGGER ? "" : "?kind=" + kind.singular();
    }

    @Override
    public String toString() {
      return kind.singular() + " " + name;
    }
  }

  /** Reads a route reference: a Trigger or a KafkaSource. */
  static Route route(String reference) {
    int slash = reference.indexOf('/');
    ResourceKind kind = slash <= 0 ? null : ResourceKind.lookup(reference.substring(0, slash)).orElse(null);
    if (slash == reference.length() - 1 || (kind != ResourceKind.TRIGGER && kind != ResourceKind.KAFKA_SOURCE)) {
      throw new CliException("expected trigger/NAME or kafkasource/NAME, got '" + reference + "'");
    }
    return new Route(kind, reference.substring(slash + 1));
  }
}
