package dev.kafkaeventing.platform.cli;

import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code trigger/NAME}, {@code subscription/NAME} or {@code kafkasource/NAME} (any name of either kind, e.g. {@code
 * triggers/NAME}, {@code sub/NAME}, {@code subscription.messaging.knative.dev/NAME}): the routes
 * whose events can be parked. Spelled out here rather than looked up in the resource model, so
 * that the CLI client starts without loading it. Immutable.
 *
 * @param kind {@code trigger}, {@code subscription} or {@code kafkasource}
 * @param name the resource's name
 */
record RouteRef(String kind, String name) {

  private static final Set<String> TRIGGER = Set.of("trigger", "triggers", "trigger.eventing.knative.dev",
      "triggers.eventing.knative.dev");
  private static final Set<String> SUBSCRIPTION = Set.of("subscription", "subscriptions", "sub",
      "subscription.messaging.knative.dev", "subscriptions.messaging.knative.dev");
  private static final Set<String> KAFKA_SOURCE = Set.of("kafkasource", "kafkasources",
      "kafkasource.sources.knative.dev", "kafkasources.sources.knative.dev");

  static RouteRef parse(String reference) {
    int slash = reference.indexOf('/');
    String kind = slash <= 0 ? "" : reference.substring(0, slash).toLowerCase(Locale.ROOT);
    String canonical = TRIGGER.contains(kind) ? "trigger" : SUBSCRIPTION.contains(kind) ? "subscription"
        : KAFKA_SOURCE.contains(kind) ? "kafkasource" : null;
    if (slash == reference.length() - 1 || canonical == null) {
      throw new CliException("expected trigger/NAME, subscription/NAME or kafkasource/NAME, got '" + reference + "'");
    }
    return new RouteRef(canonical, reference.substring(slash + 1));
  }

  /** The admin API's query for this kind: none for a Trigger (the API's default). */
  String query() {
    return kind.equals("trigger") ? "" : "?kind=" + kind;
  }

  /** e.g. {@code trigger default/orders}. */
  String describe(String namespace) {
    return kind + " " + namespace + "/" + name;
  }
}
